package io.leadrouter.pipeline;

import io.leadrouter.distribution.Policy;
import io.leadrouter.intake.PayloadEnricher;
import io.leadrouter.ledger.LeadRecords;
import java.util.Map;
import java.util.Optional;

/**
 * Sorts the Lead notifications of Salesforce Outbound Messages: a Lead we wrote (it carries our external id, or its
 * record id is one we wrote) is never a new lead — if its {@code OwnerId} is no longer the rep we assigned (and not a
 * queue, whose ids start with {@code 00G}) a rep took it over, which becomes a {@code crm-owner-changed} history event;
 * otherwise it is our own write echoed back. Every other notification goes on to the mapping file as a new lead.
 */
public class SalesforceLeadNotifications implements PayloadEnricher {
    static final String EXTERNAL_ID = "LeadRouter_Id__c";
    private static final String QUEUE_PREFIX = "00G";

    private final LeadRecords records;
    private final Policy policy;

    public SalesforceLeadNotifications(LeadRecords records, Policy policy) {
        this.records = records;
        this.policy = policy;
    }

    @Override
    public Object enrich(Object event) {
        if (!(event instanceof Map<?, ?> notification) || !(notification.get("sObject") instanceof Map<?, ?> lead)) {
            return event;
        }
        String external = text(lead.get(EXTERNAL_ID));
        String recordId = text(lead.get("Id"));
        Optional<String> ours = external != null && records.exists(external) ? Optional.of(external)
                : recordId == null ? Optional.empty() : records.leadIdByCrmRecord("salesforce", recordId);
        if (ours.isEmpty()) {
            if (external != null) {
                return new NotALead("Salesforce Lead " + recordId + " carries " + EXTERNAL_ID + " " + external + ", which is not one of our leads");
            }
            return event;
        }
        return ownerChange(ours.get(), recordId, text(lead.get("OwnerId")),
                "Outbound Message notification " + text(notification.get("Id")));
    }

    /**
     * Our lead {@code leadId} (Salesforce record {@code recordId}) now owned by {@code owner}: a rep took it over (a
     * {@code crm-owner-changed} {@link Feedback}, {@code via} names the vendor event), or — no owner, a queue, or the
     * rep we assigned — our own write echoed back ({@link NotALead}).
     */
    Object ownerChange(String leadId, String recordId, String owner, String via) {
        if (owner == null || owner.startsWith(QUEUE_PREFIX) || owner.regionMatches(0, assignedOwner(leadId), 0, 15)) {
            return new NotALead("Salesforce Lead " + recordId + " is our lead " + leadId + " (our own write echoed back)");
        }
        return new Feedback(leadId, "crm-owner-changed", "salesforce", "OwnerId is now " + owner + " (" + via + ")", owner);
    }

    /** The Salesforce user id of the rep we gave the lead to, or "" when it has none. */
    private String assignedOwner(String leadId) {
        return records.repOf(leadId).flatMap(policy::rep).map(r -> r.crmUserId("salesforce"))
                .filter(id -> id != null && id.length() >= 15).orElse("");
    }

    static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }
}
