package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.leadrouter.distribution.Assign;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Enqueue;
import io.leadrouter.distribution.Hold;
import io.leadrouter.distribution.Offer;
import io.leadrouter.distribution.RepSkip;
import io.leadrouter.distribution.RuleTrial;
import io.leadrouter.distribution.StepTrial;
import io.leadrouter.distribution.Trace;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored decision JSON (its trace written field by field) is the records' default JSON form. */
class DecisionJsonWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:20:30.123456789Z");

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
    @JsonSubTypes({@JsonSubTypes.Type(value = Assign.class, name = "ASSIGN"), @JsonSubTypes.Type(value = Enqueue.class, name = "ENQUEUE"),
            @JsonSubTypes.Type(value = Offer.class, name = "OFFER"), @JsonSubTypes.Type(value = Hold.class, name = "HOLD")})
    private interface Outcome {
    }

    /** As the application's mapper is configured (application.yaml: ISO dates, no nulls). */
    private final ObjectMapper application = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final ObjectMapper plain = application.copy().addMixIn(Decision.class, Outcome.class);

    private final Trace full = new Trace(
            List.of(new RuleTrial("dach", false, "country 'US' not in [DE, AT, CH]"),
                    new RuleTrial("us \"quoted\" \\ ü", true, "line\nbreak\ttab \u0001 control, emoji \uD83D\uDE80")),
            List.of(new RepSkip("carol", "paused until 2026-12-01T09:00 Europe/Berlin"), new RepSkip("dave", "daily cap 40 reached")),
            List.of(new StepTrial(0, "offer to best rep for PT10M", "skipped: nobody available"), new StepTrial(1, "pool", "queued")),
            "rule 'us' matched; ladder 'l' step 2 (pool): queued in 'inbound'");
    private final Trace empty = new Trace(List.of(), List.of(), "no rule matched the lead");

    @Test
    void everyKindOfDecisionIsWrittenAsItsRecordsDefaultJson() throws Exception {
        DecisionJson json = new DecisionJson(application);
        List<Decision> decisions = List.of(
                new Assign("us", "us-sales", "rep00", "Rep 0", "round-robin", Map.of("salesforce", "005Hs00000Ab000"), full, NOW, null, null),
                new Assign("us", null, "ops", "Ops", "fallback", Map.of(), empty, NOW, "l", 3),
                new Enqueue("pool", "inbound", 5, Map.of("hubspot", "77"), full, NOW, "l", 1, NOW.plusSeconds(600)),
                new Offer("r", "partners", null, null, true, "partner", Map.of(), full, NOW, "l", 2, NOW.plusSeconds(60)),
                new Hold("no rule matched the lead", null, null, empty, NOW));
        for (Decision decision : decisions) {
            String written = json.decision(decision);
            assertThat(application.readTree(written)).as(written).isEqualTo(application.readTree(plain.writerFor(Decision.class)
                    .writeValueAsString(decision)));
            assertThat(written).contains("\"rules\":[");
        }
    }
}
