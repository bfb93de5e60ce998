package io.leadrouter.distribution;

import io.leadrouter.lead.Lead;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyExamplesTest {
    private static final Instant MONDAY = Instant.parse("2025-03-03T10:00:00Z");
    private static final Instant SUNDAY = Instant.parse("2025-03-09T10:00:00Z");
    private static final WorkingHours WEEKDAYS = new WorkingHours(ZoneId.of("Europe/Berlin"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(18, 0));

    private static final Rep ALICE = new Rep("alice", "Alice", Map.of(Crms.SALESFORCE, "005000000000001AAA"), true);
    private static final Rep BOB = new Rep("bob", "Bob", Map.of(Crms.SALESFORCE, "005000000000002AAA"), 1, Caps.NONE,
            WEEKDAYS, Set.of(), true, false);
    private static final Rep OPS = new Rep("ops", "Ops", Map.of(Crms.SALESFORCE, "005000000000009AAA"), true);

    private static Lead lead(String source, String country) {
        return new Lead(source, "jo@example.com", null, null, null, null, null, country, null, Map.of());
    }

    private static Policy policy(PolicyExample... examples) {
        List<Rule> rules = List.of(
                new Rule("weekday-team", "", List.of(new Condition.Field("country", new Matcher.OneOf(List.of("DE")))),
                        new Action.Push(Strategy.ROUND_ROBIN, "weekdays", false, false)),
                new Rule("pool", "", List.of(new Condition.Field("source", new Matcher.OneOf(List.of("import")))),
                        new Action.Pull("queue", 5)),
                new Rule("ladder", "", List.of(new Condition.Field("source", new Matcher.OneOf(List.of("demo")))),
                        new Action.UseLadder("inbound")),
                new Rule("everyone", "", List.of(), new Action.Push(Strategy.ROUND_ROBIN, "sales", false, true)));
        return new Policy(
                List.of(new Team("sales", "Sales", List.of(ALICE, BOB)), new Team("weekdays", "Weekdays", List.of(BOB))),
                List.of(new Queue("queue", "Queue", List.of("sales"), 3, Duration.ofMinutes(30), Map.of())),
                List.of(new Ladder("inbound", null, List.of(new Ladder.Offer("weekdays", Strategy.ROUND_ROBIN,
                        Duration.ofMinutes(10)), new Ladder.Fallback()))),
                rules, OPS, null, List.of(examples));
    }

    @Test
    void passingExamplesReportNothing() {
        Policy policy = policy(
                new PolicyExample("first lead to alice", lead("form", null), MONDAY, "assign", "everyone", "sales",
                        "alice", null),
                new PolicyExample("each example starts from an empty ledger", lead("form", null), MONDAY, "assign", null,
                        null, "alice", null),
                new PolicyExample("weekday team on a monday", lead("form", "DE"), MONDAY, "assign", "weekday-team",
                        "weekdays", "bob", null),
                new PolicyExample("nobody on a sunday: held", lead("form", "DE"), SUNDAY, "hold", "weekday-team", null,
                        null, null),
                new PolicyExample("imports wait in the queue", lead("import", null), MONDAY, "enqueue", "pool", null, null,
                        "queue"),
                new PolicyExample("demo requests are offered", lead("demo", null), MONDAY, "offer", "ladder", "weekdays",
                        "bob", null),
                new PolicyExample("a demo on sunday goes to the fallback", lead("demo", null), SUNDAY, "assign", "ladder",
                        null, "ops", null),
                new PolicyExample("only the outcome is checked", lead("form", null), SUNDAY, "assign", null, null, null,
                        null));

        assertThat(PolicyExamples.run(policy)).isEmpty();
    }

    @Test
    void aFailingExampleSaysWhatItExpectedWhatItGotAndWhy() {
        Policy policy = policy(
                new PolicyExample("passes", lead("form", null), MONDAY, "assign", "everyone", null, "alice", null),
                new PolicyExample("germans go to alice", lead("form", "DE"), SUNDAY, "assign", "everyone", "sales",
                        "alice", null),
                new PolicyExample("imports are assigned", lead("import", null), MONDAY, "assign", null, null, null,
                        "queue"));

        assertThat(PolicyExamples.run(policy)).containsExactly(
                "example 'germans go to alice': expected outcome 'assign', rule 'everyone', team 'sales', rep 'alice';"
                        + " got outcome 'hold', rule 'weekday-team', team none, rep none (trace: rule 'weekday-team' matched"
                        + " but no rep in team 'weekdays' can take the lead (bob skipped: outside working hours (Mon–Fri"
                        + " 09:00–18:00 Europe/Berlin; back Mon 09:00)); held until someone is available)",
                "example 'imports are assigned': expected outcome 'assign', queue 'queue'; got outcome 'enqueue', queue"
                        + " 'queue' (trace: rule 'pool' matched; queued in 'queue' (priority 5) for members of [sales] to"
                        + " claim)");
        assertThat(PolicyExamples.check(policy)).extracting(PolicyExamples.Failure::index).containsExactly(1, 2);
    }

    @Test
    void aPolicyWithoutExamplesPasses() {
        assertThat(PolicyExamples.run(policy())).isEmpty();
    }
}
