package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** embeddedJson: JSON text inside a field is read as data, within the bounds of a JSON body. */
class EmbeddedJsonTest {
    private final EmbeddedJson embedded = new EmbeddedJson(List.of("data.json"));

    @Test
    void addsTheObjectsKeysAndTheEventsOwnKeysWin() {
        Map<String, String> problems = new LinkedHashMap<>();
        Object event = embedded.expand(Map.of("variant", "a", "data.json", "{\"email\":[\"x@example.com\"],\"variant\":[\"z\"]}"), problems);
        assertThat(event).isEqualTo(Map.of("variant", "a", "data.json", "{\"email\":[\"x@example.com\"],\"variant\":[\"z\"]}",
                "email", List.of("x@example.com")));
        assertThat(problems).isEmpty();
    }

    @Test
    void textThatLooksLikeAnExpressionIsOnlyEverData() {
        Map<String, String> problems = new LinkedHashMap<>();
        Object event = embedded.expand(Map.of("data.json", "{\"email\":\"${env:HOME}\",\"x\":\"#{1+1}\"}"), problems);
        assertThat(((Map<?, ?>) event).get("email")).isEqualTo("${env:HOME}");
        assertThat(((Map<?, ?>) event).get("x")).isEqualTo("#{1+1}");
    }

    @Test
    void tooDeepArraysAndMalformedTextAreProblemsNamingTheField() {
        String deep = "{\"a\":" + "[".repeat(Payloads.MAX_DEPTH + 5) + "]".repeat(Payloads.MAX_DEPTH + 5) + "}";
        for (String text : List.of(deep, "[1,2]", "{\"email\":", "email=x@example.com")) {
            Map<String, String> problems = new LinkedHashMap<>();
            embedded.expand(Map.of("data.json", text), problems);
            assertThat(problems).as(text).containsOnlyKeys("data.json");
        }
    }

    @Test
    void tooManyFieldsIsAProblem() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i <= Payloads.MAX_FIELDS; i++) {
            text.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
        }
        Map<String, String> problems = new LinkedHashMap<>();
        embedded.expand(Map.of("data.json", text.append('}').toString()), problems);
        assertThat(problems.get("data.json")).contains("more than " + Payloads.MAX_FIELDS);
    }
}
