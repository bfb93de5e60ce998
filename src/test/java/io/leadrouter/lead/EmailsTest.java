package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailsTest {

    @ParameterizedTest
    @CsvSource({
            "' Ada@Example.COM ', ada@example.com",
            "first.last+tag@sub.example.co.uk, first.last+tag@sub.example.co.uk",
            "o'brien@example.ie, o'brien@example.ie",
            "x@xn--bcher-kva.example, x@xn--bcher-kva.example",
            "a@1example.co, a@1example.co",
            "{x}|~`^=?#$%&*/_-@a-b.c-d.io, {x}|~`^=?#$%&*/_-@a-b.c-d.io"})
    void normalizesValidAddresses(String raw, String canonical) {
        assertThat(Emails.normalize(raw)).contains(canonical);
        assertThat(Emails.isCanonical(canonical)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bob@", "@example.com", "bob", "bob@localhost", "bob@exa mple.com",
            "bo b@example.com", "bob@@example.com", "bob@example..com", "bob@-example.com", "bob@example-.com",
            ".bob@example.com", "bob.@example.com", "bob..x@example.com", "bob@example.c", "bob@example.123",
            "bob@example.com.", "bob@.example.com", "bøb@example.com", "bob@exämple.com", "bob@ex_ample.com", "bo\\b@example.com",
            "bob@example.1om", "bob@example.co-", "bo(b)@example.com", "bob@example"})
    void rejectsInvalidAddresses(String raw) {
        assertThat(Emails.normalize(raw)).isEmpty();
    }

    @Test
    void enforcesLengthLimits() {
        String local64 = "a".repeat(64);
        assertThat(Emails.normalize(local64 + "@example.com")).isPresent();
        assertThat(Emails.normalize(local64 + "a@example.com")).isEmpty();
        String domain = ("a".repeat(63) + ".").repeat(4) + "com";
        assertThat(Emails.normalize("x@" + domain)).isEmpty();
        assertThat(Emails.normalize("x@" + "a".repeat(64) + ".com")).isEmpty();
    }

    @Test
    void canonicalMeansTrimmedAndLowerCase() {
        assertThat(Emails.isCanonical("Ada@example.com")).isFalse();
        assertThat(Emails.isCanonical(" ada@example.com")).isFalse();
        assertThat(Emails.isCanonical(null)).isFalse();
        assertThat(Emails.normalize(null)).isEmpty();
    }
}
