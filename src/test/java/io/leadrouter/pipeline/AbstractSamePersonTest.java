package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The same person arriving again (by email, else by phone alone) becomes an event on their earlier lead: on H2
 * ({@link SamePersonTest}) and on PostgreSQL ({@link SamePersonPgTest}), where the lookup is one index probe per identity.
 */
abstract class AbstractSamePersonTest extends AbstractAppTest {

    @Test
    void theSamePersonAgainIsAnEventOnTheirLead() throws Exception {
        String email = "again-" + UUID.randomUUID() + "@example.com";
        String first = postLead("{\"email\":\"" + email + "\",\"message\":\"first\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !lead(first).path("status").asText().equals("RECEIVED"));
        String second = postLead("{\"email\":\"" + email + "\",\"message\":\"second, other words\"}");
        assertThat(second).isNotEqualTo(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(second).path("status").asText().equals("MERGED"));
        assertThat(lead(second).path("mergedInto").asText()).isEqualTo(first);
        JsonNode history = lead(first).path("history");
        assertThat(history.toString()).contains("resubmitted").contains(second);
        assertThat(json.readTree(get("/api/leads?email=" + email + "&status=merged", ADMIN_TOKEN).body()).path("leads")).hasSize(1);
    }

    @Test
    void theSamePersonByPhoneAloneIsAnEventOnTheirLeadToo() throws Exception {
        String phone = "+1415555" + String.format("%04d", new java.util.Random().nextInt(10_000));
        String first = postLead("{\"phone\":\"" + phone + "\",\"last_name\":\"Only Phone\",\"message\":\"first\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !lead(first).path("status").asText().equals("RECEIVED"));
        // A lead with an email is someone else, even with the same phone: identity is the email, else the phone.
        String withEmail = postLead("{\"email\":\"phone-" + UUID.randomUUID() + "@example.com\",\"phone\":\"" + phone + "\"}");
        String second = postLead("{\"phone\":\"" + phone + "\",\"message\":\"second\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> lead(second).path("status").asText().equals("MERGED"));
        assertThat(lead(second).path("mergedInto").asText()).isEqualTo(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> !lead(withEmail).path("status").asText().equals("RECEIVED"));
        assertThat(lead(withEmail).path("status").asText()).isNotEqualTo("MERGED");
    }

}
