package io.leadrouter.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.lead.FieldViolation;
import io.leadrouter.lead.Lead;
import io.leadrouter.lead.LeadValidation;
import io.leadrouter.ledger.GroupCommitter;
import io.leadrouter.ledger.Receipt;
import io.leadrouter.ledger.StorageUnavailableException;
import io.leadrouter.ledger.StoredSubmission;
import io.leadrouter.ledger.Submission;
import io.leadrouter.ledger.SubmissionEvent;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.mapping.PayloadException;
import io.leadrouter.mapping.Payloads;
import io.leadrouter.mapping.SourceMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one intake step every channel ends in. It commits the raw submission before anything is acknowledged and
 * returns an {@link IntakeOutcome}: web forms are mapped first (a person is waiting for every field problem), every
 * other channel is acknowledged once its bytes are durable and mapped afterwards ({@link #map}).
 */
public class LeadIntake {
    private static final Logger LOG = LoggerFactory.getLogger(LeadIntake.class);
    /** The longest content type kept with a submission: the ledger's narrowest content_type column (inbox, 100). */
    static final int MAX_CONTENT_TYPE = 100;
    /** Longer natural ids (a vendor's or a mail's) are kept as their digest so the ledger's idem_key always fits. */
    static final int MAX_NATURAL_KEY = 200;

    /** When a submission is mapped: before the commit (a person waits) or after the acknowledgement. */
    public enum Mode {
        MAP_NOW, MAP_LATER
    }

    private final MappingCatalog mappings;
    private final GroupCommitter committer;
    private final ObjectMapper json;
    private final Duration ackTimeout;
    private final Map<String, PayloadEnricher> enrichers;

    public LeadIntake(MappingCatalog mappings, GroupCommitter committer, ObjectMapper json, Duration ackTimeout) {
        this(mappings, committer, json, ackTimeout, Map.of());
    }

    /** {@code enrichers}: per source id, what completes each event from the vendor's API before mapping. */
    public LeadIntake(MappingCatalog mappings, GroupCommitter committer, ObjectMapper json, Duration ackTimeout,
            Map<String, PayloadEnricher> enrichers) {
        this.mappings = mappings;
        this.committer = committer;
        this.json = json;
        this.ackTimeout = ackTimeout;
        this.enrichers = Map.copyOf(enrichers);
    }

    public IntakeOutcome submit(RawSubmission raw, Mode mode) {
        Optional<SourceMapping> mapping = mappings.find(raw.sourceId());
        if (mapping.isEmpty()) {
            return IntakeOutcome.Refused.of(IntakeOutcome.Refusal.UNKNOWN_SOURCE, "sourceId",
                    "source '" + raw.sourceId() + "' has no mapping file mappings/" + raw.sourceId() + ".mapping.yaml");
        }
        if (raw.contentType().length() > MAX_CONTENT_TYPE) {
            // Refused here, not by the database: a value too long for its column would fail the whole group commit,
            // turning one hostile request into 503s for every submission committed with it.
            return IntakeOutcome.Refused.of(IntakeOutcome.Refusal.UNSUPPORTED_TYPE, "Content-Type",
                    "the content type has " + raw.contentType().length() + " characters; at most " + MAX_CONTENT_TYPE);
        }
        List<SubmissionEvent> events = null;
        if (mode == Mode.MAP_NOW) {
            Object payload;
            try {
                payload = Payloads.read(raw.contentType(), raw.body());
            } catch (PayloadException e) {
                return IntakeOutcome.Refused.of(IntakeOutcome.Refusal.MALFORMED, "body", e.getMessage());
            }
            try {
                events = map(mapping.get(), payload);
            } catch (RetryLaterException e) {
                events = null;
            }
        }
        Submission submission = new Submission(raw.sourceId(), idempotencyKey(raw), raw.contentType(),
                write(raw.headers()), raw.body(), events);
        Receipt receipt;
        try {
            receipt = committer.submit(submission).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (StorageUnavailableException.isCause(e)) {
                // the committer logs the outage once; one line per refused request would flood the log
                LOG.debug("submission to {} not acknowledged: the database is unavailable", raw.sourceId());
            } else {
                LOG.warn("submission to {} not acknowledged: {}", raw.sourceId(), e.toString());
            }
            return new IntakeOutcome.Unavailable("the submission could not be stored right now and is not acknowledged; retry");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IntakeOutcome.Unavailable("shutting down; retry");
        }
        if (mode == Mode.MAP_NOW && !receipt.rejectionIds().isEmpty() && receipt.leadIds().isEmpty()) {
            List<FieldViolation> reasons = events == null ? List.of() : events.stream()
                    .filter(SubmissionEvent.Unmapped.class::isInstance).findFirst()
                    .map(e -> readReasons(((SubmissionEvent.Unmapped) e).reasonsJson())).orElse(List.of());
            if (reasons.isEmpty()) {
                reasons = reasonsOf(raw, mapping.get());
            }
            if (receipt.duplicate() && (raw.naturalKey() != null || reasons.isEmpty())) {
                // A repeat answers for what was kept the first time: under the same key the bytes may differ, and the
                // same bytes may have come with another content type; either may map now, so this request's reasons
                // would not be the kept rejection's.
                reasons = List.of(new FieldViolation(raw.naturalKey() != null ? "Idempotency-Key" : "body",
                        "already received and kept as a rejection; send a corrected submission"
                                + (raw.naturalKey() != null ? " with a new key" : "")));
            }
            return new IntakeOutcome.Rejected(receipt.rejectionIds().get(0), reasons);
        }
        return receipt.duplicate()
                ? new IntakeOutcome.Duplicate(receipt.submissionId(), receipt.leadIds())
                : new IntakeOutcome.Accepted(receipt.submissionId(), receipt.leadIds());
    }

    /**
     * Keeps what arrived but cannot be taken (a mail over the size limit, an unreadable message) as a rejection with
     * {@code reasons}, so it is listed and visible instead of only moved aside. Returns the kept rejection, or why not.
     */
    public IntakeOutcome keep(RawSubmission raw, List<FieldViolation> reasons) {
        Submission submission = new Submission(raw.sourceId(), idempotencyKey(raw), raw.contentType(), write(raw.headers()), raw.body(),
                List.of(new SubmissionEvent.Unmapped(0, write(reasons))));
        try {
            Receipt receipt = committer.submit(submission).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return receipt.rejectionIds().isEmpty() ? new IntakeOutcome.Duplicate(receipt.submissionId(), receipt.leadIds())
                    : new IntakeOutcome.Rejected(receipt.rejectionIds().get(0), reasons);
        } catch (ExecutionException | TimeoutException e) {
            return new IntakeOutcome.Unavailable("the submission could not be stored right now");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IntakeOutcome.Unavailable("shutting down");
        }
    }

    /**
     * Maps a stored submission (after its acknowledgement, or again on replay); never throws for bad input. Throws
     * {@link RetryLaterException} when a vendor API the source's enricher needs is unavailable.
     */
    public List<SubmissionEvent> map(StoredSubmission stored) {
        Optional<SourceMapping> mapping = mappings.find(stored.sourceId());
        if (mapping.isEmpty()) {
            return List.of(new SubmissionEvent.Unmapped(0, write(List.of(new FieldViolation("sourceId",
                    "source '" + stored.sourceId() + "' has no mapping file any more")))));
        }
        try {
            return map(mapping.get(), Payloads.read(stored.contentType(), stored.body()));
        } catch (PayloadException e) {
            return List.of(new SubmissionEvent.Unmapped(0, write(List.of(new FieldViolation("body", e.getMessage())))));
        }
    }

    private List<SubmissionEvent> map(SourceMapping mapping, Object payload) {
        List<SubmissionEvent> events = new ArrayList<>();
        int index = 0;
        PayloadEnricher enricher = enrichers.get(mapping.sourceId());
        List<Object> found = mapping.events(payload);
        for (Object event : found) {
            if (enricher != null) {
                try {
                    event = enricher.enrich(event);
                } catch (PayloadEnricher.EnrichmentException e) {
                    if (e.retryable()) {
                        throw new RetryLaterException(e.getMessage());
                    }
                    events.add(new SubmissionEvent.Unmapped(index++, write(List.of(new FieldViolation("body", e.getMessage())))));
                    continue;
                }
                if (event instanceof PayloadEnricher.Feedback f) {
                    events.add(new SubmissionEvent.Feedback(index++, f.leadId(), f.type(), f.actor(), f.reason(), f.crmUser()));
                    continue;
                }
                if (event instanceof PayloadEnricher.NotALead skipped) {
                    LOG.info("{} event {} is not a lead: {}", mapping.sourceId(), index++, skipped.reason());
                    continue;
                }
            }
            // The whole body as the one event: the submission's bytes already say what was submitted, so no copy of
            // it as JSON is stored with the lead (the lead view reads the bytes).
            boolean wholeBody = found.size() == 1 && event == payload;
            events.add(mapEvent(mapping, index++, event, wholeBody));
        }
        if (found.isEmpty()) {
            events.add(new SubmissionEvent.Unmapped(0, write(List.of(new FieldViolation("body", "the payload holds no events")))));
        }
        return events;
    }

    private SubmissionEvent mapEvent(SourceMapping mapping, int index, Object event, boolean wholeBody) {
        LeadValidation validation;
        try {
            validation = mapping.apply(event);
        } catch (RuntimeException e) {
            LOG.warn("mapping {} failed on event {}: {}", mapping.sourceId(), index, e.getClass().getName());
            return new SubmissionEvent.Unmapped(index, write(List.of(new FieldViolation("body",
                    "the mapping could not read this payload (" + e.getClass().getSimpleName() + ")"))));
        }
        if (!validation.isValid()) {
            return new SubmissionEvent.Unmapped(index, write(validation.violations()));
        }
        Lead lead = validation.lead();
        return new SubmissionEvent.MappedLead(index, mapping.eventKey(event).orElse(null), wholeBody ? null : write(event), write(lead),
                lead.email(), lead.phone(), mapping.isTest(event));
    }

    private List<FieldViolation> reasonsOf(RawSubmission raw, SourceMapping mapping) {
        try {
            return map(mapping, Payloads.read(raw.contentType(), raw.body())).stream()
                    .filter(SubmissionEvent.Unmapped.class::isInstance)
                    .findFirst().map(e -> readReasons(((SubmissionEvent.Unmapped) e).reasonsJson())).orElse(List.of());
        } catch (PayloadException e) {
            return List.of(new FieldViolation("body", e.getMessage()));
        }
    }

    private List<FieldViolation> readReasons(String reasonsJson) {
        try {
            return List.of(json.readValue(reasonsJson, FieldViolation[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored reasons are not JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** The channel's natural id when it has one, else a digest of the exact bytes: the same submission twice is stored once. */
    static String idempotencyKey(RawSubmission raw) {
        if (raw.naturalKey() != null) {
            return raw.naturalKey().length() <= MAX_NATURAL_KEY ? raw.sourceId() + ":k:" + raw.naturalKey()
                    : raw.sourceId() + ":kh:" + sha256(raw.sourceId(), raw.naturalKey().getBytes(StandardCharsets.UTF_8));
        }
        return raw.sourceId() + ":h:" + sha256(raw.sourceId(), raw.body());
    }

    private static String sha256(String sourceId, byte[] bytes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(sourceId.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
