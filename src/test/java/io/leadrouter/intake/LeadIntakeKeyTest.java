package io.leadrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Idempotency keys always fit the ledger's idem_key column (400), whatever a channel hands in as its natural id. */
class LeadIntakeKeyTest {

    private static RawSubmission raw(String naturalKey, String body) {
        return new RawSubmission("form-website", "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of(), naturalKey);
    }

    @Test
    void shortNaturalIdsAreKeptAsTheyAre() {
        assertThat(LeadIntake.idempotencyKey(raw("evt-1", "{}"))).isEqualTo("form-website:k:evt-1");
    }

    @Test
    void longNaturalIdsAreKeptAsTheirDigestSoTheyFitAndStayDistinct() {
        String a = LeadIntake.idempotencyKey(raw("m".repeat(5000) + "a", "{}"));
        String b = LeadIntake.idempotencyKey(raw("m".repeat(5000) + "b", "{}"));
        assertThat(a).hasSizeLessThanOrEqualTo(400).startsWith("form-website:kh:").isNotEqualTo(b);
        assertThat(LeadIntake.idempotencyKey(raw("m".repeat(5000) + "a", "{\"other\":1}"))).isEqualTo(a);
        assertThat(LeadIntake.idempotencyKey(raw("m".repeat(LeadIntake.MAX_NATURAL_KEY), "{}"))).contains(":k:");
    }

    @Test
    void withoutANaturalIdTheBodyDigestIsTheKey() {
        assertThat(LeadIntake.idempotencyKey(raw(null, "{}"))).isEqualTo(LeadIntake.idempotencyKey(raw(null, "{}")))
                .isNotEqualTo(LeadIntake.idempotencyKey(raw(null, "{ }"))).startsWith("form-website:h:");
    }
}
