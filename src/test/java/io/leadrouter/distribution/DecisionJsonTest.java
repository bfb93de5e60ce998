package io.leadrouter.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.leadrouter.distribution.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Decisions and traces are stored and served as JSON with a plain ObjectMapper. */
class DecisionJsonTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Trace trace = new Trace(List.of(new RuleTrial("everyone", true, "no conditions: matches every lead")),
            List.of(new RepSkip("carol", "paused")), "rule 'everyone' matched; ...");

    @Test
    void anAssignRoundTrips() throws Exception {
        Assign assign = new Assign("everyone", "inside-sales", "dave", "Dave", "round-robin",
                Map.of(Crms.SALESFORCE, "005000000000001AAA"), trace, NOW);

        String text = json.writeValueAsString(assign);
        JsonNode tree = json.readTree(text);

        assertThat(tree.get("repId").asText()).isEqualTo("dave");
        assertThat(tree.get("owners").get("salesforce").asText()).isEqualTo("005000000000001AAA");
        assertThat(tree.get("decidedAt").asText()).isEqualTo("2025-03-03T09:30:00Z");
        assertThat(tree.get("trace").get("skipped").get(0).get("reason").asText()).isEqualTo("paused");
        assertThat(json.readValue(text, Assign.class)).isEqualTo(assign);
    }

    @Test
    void aHoldRoundTrips() throws Exception {
        Hold hold = new Hold("no rule matched the lead", trace, NOW);

        String text = json.writeValueAsString(hold);

        assertThat(json.readTree(text).get("reason").asText()).isEqualTo("no rule matched the lead");
        assertThat(json.readValue(text, Hold.class)).isEqualTo(hold);
    }
}
