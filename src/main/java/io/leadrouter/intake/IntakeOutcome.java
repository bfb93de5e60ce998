package io.leadrouter.intake;

import io.leadrouter.lead.FieldViolation;
import java.util.List;

/**
 * What intake made of one submission; each channel turns it into its own answer (HTTP status, IMAP move,
 * SOAP Ack or fault). Only {@link Accepted}, {@link Duplicate} and {@link Rejected} mean the submission is durable.
 */
public sealed interface IntakeOutcome {

    /** Committed. {@code leadIds} holds the leads it became; empty when it is mapped after the acknowledgement. */
    record Accepted(String submissionId, List<String> leadIds) implements IntakeOutcome {
        public Accepted {
            leadIds = List.copyOf(leadIds);
        }
    }

    /** Seen before under the same idempotency key: acknowledged again, stored once. */
    record Duplicate(String submissionId, List<String> leadIds) implements IntakeOutcome {
        public Duplicate {
            leadIds = List.copyOf(leadIds);
        }
    }

    /** Committed as a kept rejection (listed and replayable) because it does not map to a lead. */
    record Rejected(String rejectionId, List<FieldViolation> reasons) implements IntakeOutcome {
        public Rejected {
            reasons = List.copyOf(reasons);
        }
    }

    /** Nothing was stored: the request itself is unacceptable. */
    record Refused(Refusal refusal, List<FieldViolation> reasons) implements IntakeOutcome {
        public Refused {
            reasons = List.copyOf(reasons);
        }

        public static Refused of(Refusal refusal, String field, String message) {
            return new Refused(refusal, List.of(new FieldViolation(field, message)));
        }
    }

    /** Nothing was stored because storage is unavailable right now; the sender should retry. */
    record Unavailable(String reason) implements IntakeOutcome {
    }

    /** Why a request was refused without storing anything. */
    enum Refusal {
        UNKNOWN_SOURCE, UNAUTHENTICATED, TOO_LARGE, UNSUPPORTED_TYPE, MALFORMED, RATE_LIMITED, NOT_ALLOWED
    }
}
