package io.leadrouter.ledger;

import java.util.List;

/**
 * The durable outcome of storing a submission: its id, whether an earlier submission had the same key, the leads
 * it became (so far) and the rejections kept for it.
 */
public record Receipt(String submissionId, boolean duplicate, List<String> leadIds, List<String> rejectionIds) {

    public Receipt {
        leadIds = List.copyOf(leadIds);
        rejectionIds = List.copyOf(rejectionIds);
    }

    /** The first lead id, or null. */
    public String leadId() {
        return leadIds.isEmpty() ? null : leadIds.get(0);
    }
}
