package io.leadrouter.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic month through the real engine: nobody away is given a lead, rotations stay fair, runs repeat. */
class MonthSimulationTest {
    static final long SEED = 7;
    static SimulationReport report;

    @BeforeAll
    static void runTheMonth() {
        report = MonthSimulation.syntheticMonth(SEED);
    }

    @Test
    void noLeadGoesToARepWhoIsAwayOrFull() {
        assertThat(report.assignedToUnavailable())
                .as("leads given to a rep who was out, paused, off hours or at a cap: %s",
                        report.toMap().get("assignedToUnavailableSamples"))
                .isZero();
    }

    @Test
    void everyRepIsWithinOneLeadOfTheirShare() {
        assertThat(report.fairnessMaxError()).as("fairness by rep: %s", report.toMap().get("fairnessByRep"))
                .isLessThanOrEqualTo(1.0);
    }

    @Test
    void theWholeMonthIsWorked() {
        Map<String, Object> values = report.toMap();
        assertThat(values).containsEntry("leads", MonthSimulation.LEADS).containsEntry("reps", 20);
        assertThat(values.get("finalStatus")).isEqualTo(Map.of("DONE", (long) MonthSimulation.LEADS));
        assertThat(report.offeredWithin60s()).isBetween(0.5, 1.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> absences = (Map<String, Object>) values.get("absences");
        assertThat((Double) absences.get("shareOfWorkingDays")).isBetween(0.07, 0.13);
    }

    @Test
    void theJsonHasEveryFigure() throws Exception {
        JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(report.toMap()));

        for (String key : List.of("seed", "month", "leads", "reps", "durationMs", "assignedToUnavailable",
                "assignedToUnavailableSamples", "fairnessMaxError", "offeredWithin60s", "offeredWithin60sCounts",
                "pullWaitMinutes", "escalations", "ladderTakenAt", "held", "outcomes", "given", "history", "finalStatus",
                "skipReasons", "claims", "absences", "fairnessByRep")) {
            assertThat(json.has(key)).as("key %s in %s", key, json.fieldNames()).isTrue();
        }
        assertThat(json.get("seed").asLong()).isEqualTo(SEED);
        assertThat(json.get("pullWaitMinutes").has("p50")).isTrue();
        assertThat(json.get("pullWaitMinutes").has("p90")).isTrue();
        assertThat(json.get("escalations").has("step1-offer")).isTrue();
        assertThat(json.get("held").has("leads")).isTrue();
        assertThat(json.get("fairnessByRep")).hasSize(20);
        for (String outcome : List.of("assign", "offer", "enqueue", "hold")) {
            assertThat(json.get("outcomes").has(outcome)).as("outcome %s", outcome).isTrue();
        }
    }

    @Test
    void theSameSeedGivesTheSameMonth() {
        Map<String, Object> again = withoutTiming(MonthSimulation.syntheticMonth(SEED));

        assertThat(again).isEqualTo(withoutTiming(report));
    }

    @Test
    void theCheckCatchesLeadsGivenToRepsTheEngineWasNotToldAreAway() {
        SimulationReport blind = MonthSimulation.syntheticMonthWithoutTellingTheEngine(SEED);

        assertThat(blind.assignedToUnavailable()).isPositive();
        assertThat(blind.toMap().get("assignedToUnavailableSamples").toString()).containsAnyOf("out of office", "paused");
    }

    private static Map<String, Object> withoutTiming(SimulationReport r) {
        Map<String, Object> values = new LinkedHashMap<>(r.toMap());
        values.remove("durationMs");
        return values;
    }
}
