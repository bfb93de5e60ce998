package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code message/rfc822} through {@link Payloads#read}: an email's field map, and automated mail as a clear reason. */
class EmailPayloadsTest {

    @Test
    void anEmailReadsAsItsFieldMap() throws Exception {
        Object fields = Payloads.read("message/rfc822", Files.readAllBytes(Path.of("src/test/resources/mail/contact-form7.eml")));
        assertThat(fields).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) fields;
        assertThat(map).containsEntry("field_e_mail", "ada@analytical.example")
                .containsEntry("message_id", "pX8bKqJ3mPm5zYv0hYk0dCgq3m1rUq4bqK0yD6mI@www.ourco.example");
    }

    @Test
    void anAutomatedEmailIsNoLeadAndSaysWhy() throws Exception {
        byte[] bounce = Files.readAllBytes(Path.of("src/test/resources/mail/bounce-dsn.eml"));
        assertThatThrownBy(() -> Payloads.read("message/rfc822", bounce)).isInstanceOf(PayloadException.class)
                .hasMessageContaining("automated message").hasMessageContaining("Auto-Submitted: auto-replied");
        assertThatThrownBy(() -> Payloads.read("message/rfc822", new byte[0])).isInstanceOf(PayloadException.class)
                .hasMessageContaining("empty");
    }
}
