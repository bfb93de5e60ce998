package io.leadrouter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.ledger.LeadStateRow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leads as reps and partners see them in lists: position, age and SLA clock, and the lead — in full for reps, only
 * its non-personal fields (company, country, and the region / interest / industry / employees attributes) for partners
 * who have not accepted it.
 */
final class LeadSummaries {
    private static final List<String> PARTNER_ATTRIBUTES = List.of("region", "interest", "industry", "employees");

    private final LeadRecords records;
    private final ObjectMapper json;
    private final Clock clock;

    LeadSummaries(LeadRecords records, ObjectMapper json, Clock clock) {
        this.records = records;
        this.json = json;
        this.clock = clock;
    }

    List<Map<String, Object>> summaries(List<LeadStateRow> rows, boolean personal) {
        Map<String, String> leads = records.leadJson(rows.stream().map(LeadStateRow::leadId).toList());
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (LeadStateRow row : rows) {
            out.add(summary(row, leads.get(row.leadId()), personal));
        }
        return out;
    }

    Map<String, Object> summary(LeadStateRow row, boolean personal) {
        return summaries(List.of(row), personal).get(0);
    }

    private Map<String, Object> summary(LeadStateRow row, String leadJson, boolean personal) {
        Instant now = clock.instant();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("leadId", row.leadId());
        view.putAll(LeadViews.position(row));
        view.put("ageSeconds", Duration.between(row.submittedAt(), now).toSeconds());
        Instant clockEnds = row.claimExpiresAt() != null ? row.claimExpiresAt() : row.deadline();
        if (row.touchedAt() == null && clockEnds != null) {
            view.put("slaSecondsLeft", Duration.between(now, clockEnds).toSeconds());
        }
        view.put("lead", leadJson == null ? null : personal ? parse(leadJson) : redact(parse(leadJson)));
        return view;
    }

    private JsonNode parse(String leadJson) {
        try {
            return json.readTree(leadJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored lead JSON is unreadable", e);
        }
    }

    private JsonNode redact(JsonNode lead) {
        ObjectNode safe = json.createObjectNode();
        for (String field : List.of("sourceId", "company", "country")) {
            if (lead.hasNonNull(field)) {
                safe.set(field, lead.get(field));
            }
        }
        ObjectNode attributes = json.createObjectNode();
        for (String key : PARTNER_ATTRIBUTES) {
            JsonNode v = lead.path("attributes").get(key);
            if (v != null && !v.isNull()) {
                attributes.set(key, v);
            }
        }
        safe.set("attributes", attributes);
        return safe;
    }
}
