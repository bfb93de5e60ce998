package io.leadrouter.api;

import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadrouter.mapping.PayloadException;
import io.leadrouter.mapping.Payloads;
import io.leadrouter.ledger.CrmWriteStatus;
import io.leadrouter.ledger.LeadRecord;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.ledger.LeadStateRow;
import java.util.Optional;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Explains a lead: what was submitted, the canonical lead, its status, the decision with its trace, and CRM writes. */
@RestController
@Tag(name = "leads")
@RequestMapping(path = "/api", produces = MediaType.APPLICATION_JSON_VALUE)
public class LeadController {
    private final LeadRecords records;
    private final LeadLedger ledger;
    private final ObjectMapper json;
    private final boolean salesforceConnected;
    private final boolean hubspotConnected;

    public LeadController(LeadRecords records, LeadLedger ledger, ObjectMapper json,
            @Value("${leadrouter.crm.salesforce.enabled:false}") boolean salesforceConnected,
            @Value("${leadrouter.crm.hubspot.enabled:false}") boolean hubspotConnected) {
        this.records = records;
        this.ledger = ledger;
        this.json = json;
        this.salesforceConnected = salesforceConnected;
        this.hubspotConnected = hubspotConnected;
    }

    @GetMapping("/leads/{leadId}")
    public ResponseEntity<String> lead(@PathVariable String leadId) throws JsonProcessingException {
        return records.find(leadId)
                .map(this::view)
                .map(body -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body))
                .orElseGet(() -> ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                        .body(ErrorBody.of("leadId", "no lead with id '" + leadId + "'")));
    }

    /**
     * Admin lead search, newest first: {@code {"leads":[{leadId, sourceId, status, receivedAt, lead}]}}; filters by
     * source, email, status, holding rep, queue and received time (ISO-8601 instants, from inclusive, to exclusive).
     */
    @GetMapping("/leads")
    public ResponseEntity<String> search(@RequestParam(required = false) String source, @RequestParam(required = false) String email,
            @RequestParam(required = false) String status, @RequestParam(required = false) String rep,
            @RequestParam(required = false) String queue, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "50") int limit) throws JsonProcessingException {
        java.time.Instant fromInstant = RepController.instant("from", from);
        java.time.Instant toInstant = RepController.instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of("to", "must be after 'from'"));
        }
        if (limit < 1 || limit > 1000) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(ErrorBody.of("limit", "must be between 1 and 1000"));
        }
        if (status != null && !STATUSES.contains(status.toUpperCase(java.util.Locale.ROOT))) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(ErrorBody.of("status", "unknown status '" + status + "'; one of " + STATUSES));
        }
        com.fasterxml.jackson.databind.node.ArrayNode leads = json.createArrayNode();
        for (LeadRecords.FoundLead found : records.search(blankToNull(source), blankToNull(email),
                status == null ? null : status.toUpperCase(java.util.Locale.ROOT), blankToNull(rep), blankToNull(queue),
                fromInstant, toInstant, limit)) {
            ObjectNode row = leads.addObject();
            row.put("leadId", found.leadId());
            row.put("sourceId", found.sourceId());
            row.put("status", found.status());
            row.put("receivedAt", found.receivedAt().toString());
            row.set("lead", json.readTree(found.leadJson()));
        }
        ObjectNode body = json.createObjectNode();
        body.set("leads", leads);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
    }

    private static final java.util.List<String> STATUSES = java.util.Arrays.stream(io.leadrouter.distribution.LeadStatus.values())
            .map(Enum::name).collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), list -> {
                java.util.List<String> all = new java.util.ArrayList<>(list);
                all.addAll(java.util.List.of("RECEIVED", "TEST", "MERGED"));
                return java.util.List.copyOf(all);
            }));

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** How many leads each rep has been assigned, per team. */
    @GetMapping("/assignments")
    public Map<String, Map<String, Long>> assignments() {
        return records.assignmentCounts();
    }

    private String view(LeadRecord r) {
        try {
            ObjectNode view = json.createObjectNode();
            view.put("leadId", r.leadId());
            view.put("sourceId", r.sourceId());
            JsonNode decision = r.decisionJson() == null ? null : json.readTree(r.decisionJson());
            Optional<LeadStateRow> position = ledger.position(r.leadId());
            view.put("status", r.test() ? "TEST" : r.mergedInto() != null ? "MERGED" : position.map(LeadStateRow::status).orElse("RECEIVED"));
            view.put("receivedAt", r.receivedAt().toString());
            if (r.mergedInto() != null) {
                view.put("mergedInto", r.mergedInto());
            }
            if (r.submission() != null) {
                ObjectNode submission = view.putObject("submission");
                submission.put("submissionId", r.submission().submissionId());
                submission.put("sourceId", r.sourceId());
                submission.put("contentType", r.submission().contentType());
                submission.put("bytes", r.submission().bytes());
                submission.put("eventIndex", r.submission().eventIndex());
            }
            position.ifPresent(p -> view.set("position", json.valueToTree(LeadViews.position(p))));
            view.set("lead", json.readTree(r.leadJson()));
            view.set("submitted", submitted(r));
            view.set("decision", decision);
            view.set("crm", json.valueToTree(r.crmWrites().stream().map(this::explainWaiting).toList()));
            view.set("history", json.valueToTree(LeadViews.history(r, records.history(r.leadId()))));
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lead " + r.leadId() + " has unreadable JSON in the ledger", e);
        }
    }

    /** What was submitted as JSON: the stored event, or the submission's bytes read again when they were the whole event. */
    private JsonNode submitted(LeadRecord r) throws JsonProcessingException {
        if (r.payloadJson() != null) {
            return json.readTree(r.payloadJson());
        }
        if (r.submission() == null || r.submission().body() == null) {
            return json.nullNode();
        }
        try {
            return json.valueToTree(Payloads.read(r.submission().contentType(), r.submission().body()));
        } catch (PayloadException e) {
            throw new IllegalStateException("lead " + r.leadId() + ": its stored submission no longer reads: " + e.getMessage(), e);
        }
    }

    /** A write waiting for a CRM that is not connected says so, and how to connect it. */
    private CrmWriteStatus explainWaiting(CrmWriteStatus write) {
        if (!"PENDING".equals(write.status()) || write.detail() != null) {
            return write;
        }
        if ("salesforce".equals(write.crm()) && !salesforceConnected) {
            return new CrmWriteStatus(write.crm(), write.status(), write.recordId(), write.attempts(),
                    "waiting: Salesforce write-back is off; set leadrouter.crm.salesforce.enabled=true (README: Connect Salesforce)",
                    write.at());
        }
        if ("hubspot".equals(write.crm()) && !hubspotConnected) {
            return new CrmWriteStatus(write.crm(), write.status(), write.recordId(), write.attempts(),
                    "waiting: HubSpot write-back is off; set leadrouter.crm.hubspot.enabled=true and leadrouter.crm.hubspot.token",
                    write.at());
        }
        return write;
    }
}
