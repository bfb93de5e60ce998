package io.leadrouter.lead;

import java.util.Optional;

/** Who a lead is, for recognising the same person across channels: the email address, else the phone number. */
public final class LeadIdentity {
    private LeadIdentity() {
    }

    /** {@code email:<address>} when the lead has an email, else {@code phone:<E.164>}. */
    public static Optional<String> of(Lead lead) {
        if (lead.email() != null) {
            return Optional.of("email:" + lead.email());
        }
        return Optional.ofNullable(lead.phone()).map(phone -> "phone:" + phone);
    }
}
