package io.leadrouter.pipeline;

import io.leadrouter.crm.salesforce.SalesforceLeadWriter;
import io.leadrouter.intake.PayloadEnricher;
import io.leadrouter.ledger.LeadRecords;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts Salesforce Lead Change Data Capture events (source {@code salesforce-cdc}; one submission = one event as
 * {@link CdcIntakeEdge} stored it). A change our own writes caused ({@code changeOrigin} names our client) is left
 * alone. A {@code CREATE} of a Lead we did not write goes on to the mapping file as a new lead; one carrying our
 * external id is our own upsert. An {@code UPDATE} of a Lead we hold is sorted like an Outbound Message notification
 * ({@link SalesforceLeadNotifications#ownerChange}): a rep took it over → {@code crm-owner-changed}, our own owner
 * echoed back → ignored. Update events carry only the fields that changed, so an update without {@code OwnerId} did
 * not change the owner.
 */
public class SalesforceChangeEvents implements PayloadEnricher {
    private final LeadRecords records;
    private final SalesforceLeadNotifications owners;

    public SalesforceChangeEvents(LeadRecords records, SalesforceLeadNotifications owners) {
        this.records = records;
        this.owners = owners;
    }

    @Override
    public Object enrich(Object event) {
        if (!(event instanceof Map<?, ?> submission) || !(submission.get("payload") instanceof Map<?, ?> lead)
                || !(lead.get("ChangeEventHeader") instanceof Map<?, ?> header)) {
            return event;
        }
        String changeType = SalesforceLeadNotifications.text(header.get("changeType"));
        String recordId = header.get("recordIds") instanceof List<?> ids && !ids.isEmpty()
                ? SalesforceLeadNotifications.text(ids.get(0)) : null;
        String origin = SalesforceLeadNotifications.text(header.get("changeOrigin"));
        if (origin != null && origin.contains("client=" + SalesforceLeadWriter.CALL_CLIENT)) {
            return new NotALead("Salesforce Lead " + recordId + " " + changeType + " came from our own write (" + origin + ")");
        }
        String external = SalesforceLeadNotifications.text(lead.get(SalesforceLeadNotifications.EXTERNAL_ID));
        Optional<String> ours = external != null && records.exists(external) ? Optional.of(external)
                : recordId == null ? Optional.empty() : records.leadIdByCrmRecord("salesforce", recordId);
        String replayId = submission.get("event") instanceof Map<?, ?> meta
                ? SalesforceLeadNotifications.text(meta.get("replayId")) : null;
        if ("CREATE".equals(changeType)) {
            if (ours.isPresent() || external != null) {
                return new NotALead("Salesforce Lead " + recordId + " was created by our own write (" + SalesforceLeadNotifications.EXTERNAL_ID
                        + " " + external + ")");
            }
            return event;
        }
        if ("UPDATE".equals(changeType) && ours.isPresent()) {
            String owner = SalesforceLeadNotifications.text(lead.get("OwnerId"));
            if (owner != null) {
                return owners.ownerChange(ours.get(), recordId, owner, "change event " + replayId);
            }
        }
        return new NotALead("Salesforce Lead " + recordId + " " + changeType + " is neither a new lead nor an owner change of ours");
    }
}
