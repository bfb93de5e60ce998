package io.leadrouter.distribution;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What-if: runs leads through a policy without touching the ledger. Each lead is decided at its own submission time
 * against a state that only the simulated decisions change (everyone available, no earlier load), so two policies
 * can be compared on the same leads.
 */
public final class PolicySimulation {
    private PolicySimulation() {
    }

    /** One simulated decision: the lead's index in the input and the decision. */
    public record Result(int index, Decision decision) {
        /** {@code assign}, {@code enqueue}, {@code offer} or {@code hold}. */
        public String outcome() {
            return Decision.kind(decision);
        }

        /** The result as a report entry: index, outcome, rule, rep and the trace's summary. */
        public Map<String, Object> toMap() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("index", index);
            d.put("outcome", outcome());
            d.put("ruleId", decision.ruleId());
            d.put("repId", repId());
            d.put("summary", decision.trace().summary());
            return d;
        }

        /** The rep who got the lead (assigned or offered), or null. */
        public String repId() {
            return repOf(decision);
        }
    }

    /** Per rep: leads they got under the current and the proposed policy. */
    public record RepDifference(String repId, int current, int proposed) {
        public int difference() {
            return proposed - current;
        }
    }

    /** A lead whose outcome differs between the policies. */
    public record Change(int index, String currentOutcome, String currentTarget, String proposedOutcome, String proposedTarget,
                         String proposedSummary) {
    }

    /** The comparison of two policies over the same leads. */
    public record Comparison(int leads, int changed, List<RepDifference> perRep, Map<String, int[]> perOutcome,
                             List<Change> firstChanges) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Reads leads to simulate from JSON objects with the canonical lead's fields ({@code sourceId} default
     * {@code simulation}) and an optional {@code submittedAt} (default {@code now}); {@code crmOfSource} names the CRMs
     * of a source. A bad lead throws IllegalArgumentException starting {@code leads[i]: }.
     */
    public static List<LeadContext> readLeads(List<com.fasterxml.jackson.databind.JsonNode> nodes, Instant now,
            java.util.function.Function<String, ? extends java.util.Collection<String>> crmOfSource) {
        List<LeadContext> leads = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode node = nodes.get(i);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("leads[" + i + "]: expected a lead object");
            }
            com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) node).deepCopy();
            com.fasterxml.jackson.databind.JsonNode at = copy.remove("submittedAt");
            if (!copy.has("sourceId")) {
                copy.put("sourceId", "simulation");
            }
            Instant submitted = now;
            io.leadrouter.lead.Lead lead;
            try {
                if (at != null) {
                    submitted = Instant.parse(at.asText());
                }
                lead = JSON.treeToValue(copy, io.leadrouter.lead.Lead.class);
            } catch (Exception e) {
                throw new IllegalArgumentException("leads[" + i + "]: not a valid lead: " + rootMessage(e));
            }
            leads.add(LeadContext.of(lead, submitted, crmOfSource.apply(lead.sourceId())));
        }
        return leads;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** Decides every lead in order under {@code policy}, each at its own submission time. */
    public static List<Result> run(Policy policy, List<LeadContext> leads) {
        Objects.requireNonNull(policy, "policy");
        StateOverlay state = StateOverlay.empty();
        MovableClock clock = new MovableClock();
        Distributor distributor = new Distributor(policy, clock);
        List<Result> results = new ArrayList<>(leads.size());
        for (int i = 0; i < leads.size(); i++) {
            LeadContext lead = leads.get(i);
            clock.now = lead.submittedAt();
            Outcome outcome = distributor.decide(lead, state);
            state.apply(outcome.changes());
            results.add(new Result(i, outcome.decision()));
        }
        return results;
    }

    /** Replays the same leads under both policies and reports per-rep and per-outcome differences. */
    public static Comparison compare(Policy current, Policy proposed, List<LeadContext> leads, int maxChanges) {
        List<Result> before = run(current, leads);
        List<Result> after = run(proposed, leads);
        Map<String, int[]> perRep = new TreeMap<>();
        Map<String, int[]> perOutcome = new TreeMap<>();
        List<Change> changes = new ArrayList<>();
        int changed = 0;
        for (int i = 0; i < leads.size(); i++) {
            Result b = before.get(i);
            Result a = after.get(i);
            count(perRep, b.repId(), 0);
            count(perRep, a.repId(), 1);
            count(perOutcome, b.outcome(), 0);
            count(perOutcome, a.outcome(), 1);
            if (!Objects.equals(b.outcome(), a.outcome()) || !Objects.equals(targetOf(b.decision()), targetOf(a.decision()))) {
                changed++;
                if (changes.size() < maxChanges) {
                    changes.add(new Change(i, b.outcome(), targetOf(b.decision()), a.outcome(), targetOf(a.decision()),
                            a.decision().trace().summary()));
                }
            }
        }
        List<RepDifference> reps = new ArrayList<>();
        for (String rep : new TreeSet<>(perRep.keySet())) {
            reps.add(new RepDifference(rep, perRep.get(rep)[0], perRep.get(rep)[1]));
        }
        Map<String, int[]> outcomes = new LinkedHashMap<>(perOutcome);
        return new Comparison(leads.size(), changed, reps, outcomes, changes);
    }

    private static void count(Map<String, int[]> counts, String key, int column) {
        if (key != null) {
            counts.computeIfAbsent(key, k -> new int[2])[column]++;
        }
    }

    static String repOf(Decision decision) {
        if (decision instanceof Assign a) {
            return a.repId();
        }
        return decision instanceof Offer o ? o.repId() : null;
    }

    /** Who or where: the rep, else the queue or partner team, else null. */
    static String targetOf(Decision decision) {
        if (decision instanceof Enqueue e) {
            return "queue:" + e.queueId();
        }
        if (decision instanceof Offer o && o.partner()) {
            return "partner-team:" + o.teamId();
        }
        String rep = repOf(decision);
        return rep == null ? null : "rep:" + rep;
    }

    /** A clock the simulation sets to each lead's submission time. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.EPOCH;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
