package io.leadrouter.distribution;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Runs a policy's example leads (policy as code): each is decided at its own instant, on an empty ledger with every
 * rep available and no CRM, and must get the decision it expects.
 */
public final class PolicyExamples {

    private PolicyExamples() {
    }

    /** One example whose decision differed from what it expects; {@code index} is its place in the policy's list. */
    record Failure(int index, PolicyExample example, String problem) {
    }

    /** The failures, each naming the example, what it expected, what it got and the decision's trace; empty = all pass. */
    public static List<String> run(Policy policy) {
        return check(policy).stream().map(f -> "example '" + f.example().name() + "': " + f.problem()).toList();
    }

    static List<Failure> check(Policy policy) {
        Objects.requireNonNull(policy, "policy");
        List<Failure> failures = new ArrayList<>();
        List<PolicyExample> examples = policy.examples();
        for (int i = 0; i < examples.size(); i++) {
            PolicyExample example = examples.get(i);
            String problem = problem(policy, example);
            if (problem != null) {
                failures.add(new Failure(i, example, problem));
            }
        }
        return failures;
    }

    /** Null when the example gets the decision it expects. */
    private static String problem(Policy policy, PolicyExample example) {
        Decision decision;
        try {
            Distributor distributor = new Distributor(policy, Clock.fixed(example.at(), ZoneOffset.UTC));
            decision = distributor.decide(new LeadContext(example.lead(), example.at(), java.util.Set.of()), StateOverlay.empty())
                    .decision();
        } catch (RuntimeException e) {
            return "deciding it failed: " + e;
        }
        Map<String, String> expected = expected(example);
        Map<String, String> actual = actual(decision);
        boolean same = expected.entrySet().stream().allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
        if (same) {
            return null;
        }
        String got = expected.keySet().stream()
                .map(key -> key + " " + shown(actual.get(key)))
                .collect(Collectors.joining(", "));
        String want = expected.entrySet().stream()
                .map(e -> e.getKey() + " " + shown(e.getValue()))
                .collect(Collectors.joining(", "));
        return "expected " + want + "; got " + got + " (trace: " + decision.trace().summary() + ")";
    }

    private static Map<String, String> expected(PolicyExample example) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("outcome", example.outcome());
        putIfSet(expected, "rule", example.rule());
        putIfSet(expected, "team", example.team());
        putIfSet(expected, "rep", example.rep());
        putIfSet(expected, "queue", example.queue());
        return expected;
    }

    private static Map<String, String> actual(Decision decision) {
        Map<String, String> actual = new LinkedHashMap<>();
        putIfSet(actual, "rule", decision.ruleId());
        if (decision instanceof Assign a) {
            actual.put("outcome", "assign");
            putIfSet(actual, "team", a.teamId());
            putIfSet(actual, "rep", a.repId());
        } else if (decision instanceof Enqueue q) {
            actual.put("outcome", "enqueue");
            putIfSet(actual, "queue", q.queueId());
        } else if (decision instanceof Offer o) {
            actual.put("outcome", "offer");
            putIfSet(actual, "team", o.teamId());
            putIfSet(actual, "rep", o.repId());
        } else {
            actual.put("outcome", "hold");
        }
        return actual;
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String shown(String value) {
        return value == null ? "none" : "'" + value + "'";
    }
}
