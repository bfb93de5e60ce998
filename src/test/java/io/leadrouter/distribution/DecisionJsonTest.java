package io.leadrouter.distribution;

import static io.leadrouter.distribution.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Decisions and traces are stored and served as JSON with a plain ObjectMapper. */
class DecisionJsonTest {
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Trace trace = new Trace(List.of(new RuleTrial("everyone", true, "no conditions: matches every lead")),
            List.of(new RepSkip("carol", "paused")), List.of(new StepTrial(0, "offer", "offered to dave")),
            "rule 'everyone' matched; ...");

    @Test
    void anAssignRoundTrips() throws Exception {
        Assign assign = new Assign("everyone", "inside-sales", "dave", "Dave", "round-robin",
                Map.of(Crms.SALESFORCE, "005000000000001AAA"), trace, NOW, null, null);

        String text = json.writeValueAsString(assign);
        JsonNode tree = json.readTree(text);

        assertThat(tree.get("repId").asText()).isEqualTo("dave");
        assertThat(tree.get("owners").get("salesforce").asText()).isEqualTo("005000000000001AAA");
        assertThat(tree.get("decidedAt").asText()).isEqualTo("2025-03-03T09:30:00Z");
        assertThat(tree.get("trace").get("skipped").get(0).get("reason").asText()).isEqualTo("paused");
        assertThat(json.readValue(text, Assign.class)).isEqualTo(assign);
    }

    @Test
    void anEnqueueCarriesItsQueueAndRoundTrips() throws Exception {
        Enqueue enqueue = new Enqueue("pool", "inbound", 5, Map.of(), trace, NOW, "ladder", 1, NOW.plusSeconds(600));

        String text = json.writeValueAsString(enqueue);

        assertThat(json.readTree(text).get("queueId").asText()).isEqualTo("inbound");
        assertThat(json.readValue(text, Enqueue.class)).isEqualTo(enqueue);
    }

    @Test
    void anOfferAndAHoldRoundTrip() throws Exception {
        Offer offer = new Offer("r", "partners", null, null, true, "partner", Map.of(), trace, NOW, "ladder", 2, NOW.plusSeconds(60));
        Hold hold = new Hold("no rule matched the lead", null, null, trace, NOW);

        assertThat(json.readValue(json.writeValueAsString(offer), Offer.class)).isEqualTo(offer);
        String text = json.writeValueAsString(hold);
        assertThat(json.readTree(text).get("reason").asText()).isEqualTo("no rule matched the lead");
        assertThat(json.readValue(text, Hold.class)).isEqualTo(hold);
    }
}
