package io.leadrouter.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Everything the ledger knows about one lead; {@code decisionJson} is null until it is decided. {@code submission}
 * is null for leads stored before raw submissions were kept; {@code mergedInto} is set when this was the same person
 * again.
 */
public record LeadRecord(
        String leadId,
        String sourceId,
        Instant receivedAt,
        String payloadJson,
        String leadJson,
        String decisionJson,
        List<CrmWriteStatus> crmWrites,
        SubmissionInfo submission,
        boolean test,
        String mergedInto) {

    /**
     * Where a lead came from: the raw submission's id, content type, size and the event it was in a batch;
     * {@code body} holds the submission's bytes when they were the lead's whole payload ({@code payloadJson} is then
     * null: no JSON copy of the body is stored with the lead), else null.
     */
    public record SubmissionInfo(String submissionId, String contentType, int bytes, int eventIndex, byte[] body) {
    }
}
