package io.leadrouter.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.distribution.Assign;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.lead.Lead;
import io.leadrouter.ledger.DecisionRecord;
import io.leadrouter.ledger.Decisions;
import io.leadrouter.ledger.PendingLead;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.mapping.SourceMapping;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a claimed batch of leads with the distribution engine against the locked round-robin cursors, and
 * turns each decision into what the ledger stores: the decision with its trace, and the CRM write to queue.
 */
public class LeadDecider implements Decisions.BatchDecider {
    private static final Logger LOG = LoggerFactory.getLogger(LeadDecider.class);

    private final Distributor distributor;
    private final MappingCatalog mappings;
    private final DecisionJson json;
    private final ObjectMapper mapper;
    private final Clock clock;

    public LeadDecider(Distributor distributor, MappingCatalog mappings, ObjectMapper json, Clock clock) {
        this.distributor = distributor;
        this.mappings = mappings;
        this.json = new DecisionJson(json);
        this.mapper = json;
        this.clock = clock;
    }

    @Override
    public List<DecisionRecord> decide(List<PendingLead> batch, Map<String, String> cursors) {
        List<DecisionRecord> records = new ArrayList<>(batch.size());
        for (PendingLead pending : batch) {
            records.add(decideOne(pending, cursors));
        }
        if (LOG.isInfoEnabled()) {
            LOG.info("decided {} lead(s): {}", records.size(), summary(records));
        }
        return records;
    }

    private DecisionRecord decideOne(PendingLead pending, Map<String, String> cursors) {
        String crm = mappings.find(pending.sourceId()).map(SourceMapping::crm).orElse(null);
        try {
            Lead lead = json.lead(pending.leadJson());
            Decision decision = distributor.decide(lead, crm, team -> Optional.ofNullable(cursors.get(team)));
            String decisionJson = json.decision(decision);
            if (decision instanceof Assign assign) {
                cursors.put(assign.teamId(), assign.repId());
                String owner = crm == null ? null : assign.owners().get(crm);
                String write = owner == null ? null
                        : json.crmWrite(new DecisionJson.CrmWrite(pending.leadId(), owner, assign.ruleId(), pending.leadJson()));
                return new DecisionRecord(pending.leadId(), "ASSIGN", assign.ruleId(), assign.teamId(), assign.repId(),
                        decisionJson, assign.decidedAt(), owner == null ? null : crm, write);
            }
            return new DecisionRecord(pending.leadId(), "HOLD", null, null, null, decisionJson, decision.decidedAt(), null, null);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("lead {} could not be decided; held with the reason", pending.leadId(), e);
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("outcome", "HOLD");
            held.put("reason", "could not be decided: " + e.getMessage());
            held.put("decidedAt", clock.instant().toString());
            return new DecisionRecord(pending.leadId(), "HOLD", null, null, null, writeQuietly(held), clock.instant(), null, null);
        }
    }

    /** Lead id → rep (rule) for a few leads, counts per rep for big batches; never personal data. */
    private static String summary(List<DecisionRecord> records) {
        if (records.size() <= 5) {
            return String.join(", ", records.stream().map(r -> r.leadId() + " → "
                    + (r.repId() == null ? "held" : r.repId() + " (rule " + r.ruleId() + ")")).toList());
        }
        Map<String, Long> perRep = new java.util.TreeMap<>();
        records.forEach(r -> perRep.merge(r.repId() == null ? "held" : r.repId(), 1L, Long::sum));
        return perRep.toString();
    }

    private String writeQuietly(Map<String, Object> value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return "{\"outcome\":\"HOLD\"}";
        }
    }
}
