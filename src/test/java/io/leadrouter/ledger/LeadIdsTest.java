package io.leadrouter.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A lead id carries the millisecond it was received in: the submit→written timer reads it back from the id. */
class LeadIdsTest {

    @Test
    void theReceiptMillisecondIsReadBackFromTheId() {
        long received = 1_764_460_800_123L;
        String id = LeadIds.next(received);
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        assertThat(LeadIds.epochMillis(id)).isEqualTo(received);
        assertThat(LeadIds.next(received + 1).compareTo(id)).as("time-ordered").isPositive();
    }

    @Test
    void anIdThatIsNotAVersion7UuidHasNoReceiptTime() {
        assertThat(LeadIds.epochMillis(UUID.randomUUID().toString())).isEqualTo(-1);
        assertThat(LeadIds.epochMillis("not-a-uuid")).isEqualTo(-1);
    }
}
