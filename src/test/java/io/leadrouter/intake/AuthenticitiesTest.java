package io.leadrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticitiesTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?"). */
    static final String RFC4231_KEY = "Jefe";
    static final byte[] RFC4231_DATA = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
    static final String RFC4231_HEX = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void namesEverySchemeWithItsRequiredSettings() {
        assertThat(Authenticities.schemes())
                .containsExactly("none", "typeform", "meta", "hubspot-v3", "bearer", "google-key", "salesforce-org");
        assertThat(Authenticities.requiredSettings("none")).isEmpty();
        assertThat(Authenticities.requiredSettings("hubspot-v3")).containsExactly("secret");
        assertThat(Authenticities.requiredSettings("salesforce-org")).containsExactly("organization-ids");
        for (String scheme : List.of("typeform", "meta", "bearer", "google-key")) {
            assertThat(Authenticities.requiredSettings(scheme)).containsExactly("secret");
        }
    }

    @Test
    void refusesAnUnknownScheme() {
        assertThatThrownBy(() -> Authenticities.of("hmac", name -> "x", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown authenticity scheme \"hmac\"").hasMessageContaining("typeform");
        assertThatThrownBy(() -> Authenticities.requiredSettings("basic")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(Authenticities.of("none", name -> null, CLOCK).problem(request("POST", "/x", Map.of(), "anything"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"typeform", "meta", "hubspot-v3", "bearer", "google-key", "salesforce-org"})
    void aMissingOrBlankRequiredSettingIsNamed(String scheme) {
        String setting = Authenticities.requiredSettings(scheme).get(0);
        assertThatThrownBy(() -> Authenticities.of(scheme, name -> null, CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting + ": required");
        assertThatThrownBy(() -> Authenticities.of(scheme, name -> "  ", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(setting + ": required");
    }

    @Nested
    class Typeform {
        final Authenticity check = Authenticities.of("typeform", settings("secret", RFC4231_KEY), CLOCK);

        @Test
        void acceptsTheDocumentedSignature() {
            assertThat(check.problem(signed("sha256=" + base64(hex(RFC4231_HEX)), RFC4231_DATA))).isEmpty();
        }

        @Test
        void refusesATamperedBodyAndAWrongSecret() {
            String header = "sha256=" + base64(hex(RFC4231_HEX));
            assertThat(check.problem(signed(header, "what do ya want for nothing!".getBytes(StandardCharsets.UTF_8))))
                    .contains("signature does not match");
            assertThat(Authenticities.of("typeform", settings("secret", "Jeff"), CLOCK).problem(signed(header, RFC4231_DATA)))
                    .contains("signature does not match");
        }

        @Test
        void refusesSignaturesThatDifferInOneByteOrInLength() {
            byte[] oneBitOff = hex(RFC4231_HEX);
            oneBitOff[31] ^= 1;
            assertThat(check.problem(signed("sha256=" + base64(oneBitOff), RFC4231_DATA))).contains("signature does not match");
            byte[] shorter = java.util.Arrays.copyOf(hex(RFC4231_HEX), 16);
            assertThat(check.problem(signed("sha256=" + base64(shorter), RFC4231_DATA))).contains("signature does not match");
            assertThat(check.problem(signed("sha256=", RFC4231_DATA))).contains("signature does not match");
        }

        @Test
        void explainsMissingAndMalformedHeaders() {
            assertThat(check.problem(request("POST", "/hook", Map.of(), RFC4231_DATA))).contains("missing header Typeform-Signature");
            assertThat(check.problem(signed(base64(hex(RFC4231_HEX)), RFC4231_DATA))).contains("header Typeform-Signature does not start with sha256=");
            assertThat(check.problem(signed("sha256=not*base64!", RFC4231_DATA))).contains("header Typeform-Signature is not base64 after sha256=");
        }

        private SourceRequest signed(String header, byte[] body) {
            return request("POST", "/hook", Map.of("typeform-signature", header), body);
        }
    }

    @Nested
    class Meta {
        final Authenticity check = Authenticities.of("meta", settings("secret", RFC4231_KEY), CLOCK);

        @Test
        void acceptsTheDocumentedSignatureInEitherCase() {
            assertThat(check.problem(signed("sha256=" + RFC4231_HEX, RFC4231_DATA))).isEmpty();
            assertThat(check.problem(signed("sha256=" + RFC4231_HEX.toUpperCase(), RFC4231_DATA))).isEmpty();
        }

        @Test
        void refusesATamperedBodyAndAWrongSecret() {
            assertThat(check.problem(signed("sha256=" + RFC4231_HEX, "tampered".getBytes(StandardCharsets.UTF_8))))
                    .contains("signature does not match");
            assertThat(Authenticities.of("meta", settings("secret", "jefe"), CLOCK).problem(signed("sha256=" + RFC4231_HEX, RFC4231_DATA)))
                    .contains("signature does not match");
        }

        @Test
        void explainsMissingAndMalformedHeaders() {
            assertThat(check.problem(request("POST", "/hook", Map.of("x-hub-signature", "sha1=abc"), RFC4231_DATA)))
                    .contains("missing header X-Hub-Signature-256");
            assertThat(check.problem(signed(RFC4231_HEX, RFC4231_DATA))).contains("header X-Hub-Signature-256 does not start with sha256=");
            assertThat(check.problem(signed("sha256=zz" + RFC4231_HEX.substring(2), RFC4231_DATA)))
                    .contains("header X-Hub-Signature-256 is not hexadecimal after sha256=");
            assertThat(check.problem(signed("sha256=abc", RFC4231_DATA))).contains("header X-Hub-Signature-256 is not hexadecimal after sha256=");
        }

        private SourceRequest signed(String header, byte[] body) {
            return request("POST", "/hook", Map.of("X-Hub-Signature-256", header), body);
        }
    }

    @Nested
    class HubSpotV3 {
        static final String SECRET = "b2f5d7a1-3c4e-4f60-9a8b-7c6d5e4f3a2b";
        static final String BODY = "[{\"eventId\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":123}]";
        final Authenticity check = Authenticities.of("hubspot-v3", settings("secret", SECRET), CLOCK);

        @Test
        void acceptsASignatureOverMethodUriBodyAndTimestamp() {
            String uri = "https://leads.example.com/hooks/hubspot";
            long ts = NOW.toEpochMilli() - 1_000;
            assertThat(check.problem(signed("POST", uri, BODY, ts, sign(SECRET, "POST" + uri + BODY + ts)))).isEmpty();
        }

        @Test
        void decodesTheDocumentedCharactersOfTheUriAndNoOthers() {
            String sent = "https://leads.example.com/hooks/hubspot?next=a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2cl%3bm&q=%20%26%25";
            String signedAs = "https://leads.example.com/hooks/hubspot?next=a:b/c?d@e!f$g'h(i)j*k,l;m&q=%20%26%25";
            long ts = NOW.toEpochMilli();
            assertThat(check.problem(signed("POST", sent, BODY, ts, sign(SECRET, "POST" + signedAs + BODY + ts)))).isEmpty();
            assertThat(check.problem(signed("POST", sent, BODY, ts, sign(SECRET, "POST" + sent + BODY + ts)))).contains("signature does not match");
        }

        @Test
        void signsThePublicUrlWithTheRequestsQueryWhenSet() {
            Authenticity behindProxy = Authenticities.of("hubspot-v3",
                    settings("secret", SECRET, "public-url", "https://leads.example.com/hooks/hubspot"), CLOCK);
            long ts = NOW.toEpochMilli();
            String signature = sign(SECRET, "POST" + "https://leads.example.com/hooks/hubspot?portal=42" + BODY + ts);
            assertThat(behindProxy.problem(signed("POST", "http://10.0.0.7:8080/hooks/hubspot?portal=42", BODY, ts, signature))).isEmpty();
            assertThat(check.problem(signed("POST", "http://10.0.0.7:8080/hooks/hubspot?portal=42", BODY, ts, signature)))
                    .contains("signature does not match");
            String withoutQuery = sign(SECRET, "GET" + "https://leads.example.com/hooks/hubspot" + ts);
            assertThat(behindProxy.problem(signed("GET", "/hooks/hubspot", "", ts, withoutQuery))).isEmpty();
        }

        @Test
        void refusesATamperedBodyAWrongSecretAndAnotherMethod() {
            String uri = "https://leads.example.com/hooks/hubspot";
            long ts = NOW.toEpochMilli();
            String signature = sign(SECRET, "POST" + uri + BODY + ts);
            assertThat(check.problem(signed("POST", uri, BODY.replace("123", "124"), ts, signature))).contains("signature does not match");
            assertThat(check.problem(signed("PUT", uri, BODY, ts, signature))).contains("signature does not match");
            assertThat(Authenticities.of("hubspot-v3", settings("secret", SECRET + "x"), CLOCK).problem(signed("POST", uri, BODY, ts, signature)))
                    .contains("signature does not match");
        }

        @Test
        void theTimestampIsSigned() {
            String uri = "https://leads.example.com/hooks/hubspot";
            long ts = NOW.toEpochMilli();
            assertThat(check.problem(signed("POST", uri, BODY, ts + 1, sign(SECRET, "POST" + uri + BODY + ts)))).contains("signature does not match");
        }

        @Test
        void refusesTimestampsMoreThanFiveMinutesAwayEitherWay() {
            String uri = "https://leads.example.com/hooks/hubspot";
            long old = NOW.minusSeconds(7 * 60).toEpochMilli();
            assertThat(check.problem(signed("POST", uri, BODY, old, sign(SECRET, "POST" + uri + BODY + old))))
                    .contains("timestamp is 7 minutes old; the limit is 5");
            long justOver = NOW.minusSeconds(5 * 60 + 1).toEpochMilli();
            assertThat(check.problem(signed("POST", uri, BODY, justOver, sign(SECRET, "POST" + uri + BODY + justOver))))
                    .contains("timestamp is 5 minutes 1 second old; the limit is 5");
            long future = NOW.plusSeconds(6 * 60).toEpochMilli();
            assertThat(check.problem(signed("POST", uri, BODY, future, sign(SECRET, "POST" + uri + BODY + future))))
                    .contains("timestamp is 6 minutes in the future; the limit is 5");
            for (long edge : new long[] {NOW.minusSeconds(300).toEpochMilli(), NOW.plusSeconds(300).toEpochMilli()}) {
                assertThat(check.problem(signed("POST", uri, BODY, edge, sign(SECRET, "POST" + uri + BODY + edge)))).isEmpty();
            }
        }

        @Test
        void explainsMissingAndMalformedHeaders() {
            String uri = "https://leads.example.com/hooks/hubspot";
            assertThat(check.problem(request("POST", uri, Map.of("X-HubSpot-Request-Timestamp", "1"), BODY)))
                    .contains("missing header X-HubSpot-Signature-v3");
            assertThat(check.problem(request("POST", uri, Map.of("X-HubSpot-Signature-v3", "abc="), BODY)))
                    .contains("missing header X-HubSpot-Request-Timestamp");
            assertThat(check.problem(request("POST", uri, Map.of("X-HubSpot-Signature-v3", "abc=", "X-HubSpot-Request-Timestamp", "yesterday"), BODY)))
                    .contains("header X-HubSpot-Request-Timestamp is not a number of epoch milliseconds");
            assertThat(check.problem(signed("POST", uri, BODY, NOW.toEpochMilli(), "%%%"))).contains("header X-HubSpot-Signature-v3 is not base64");
        }

        @Test
        void refusesAPublicUrlWithAQueryOrNoHost() {
            assertThatThrownBy(() -> Authenticities.of("hubspot-v3", settings("secret", SECRET, "public-url", "https://x.example/h?a=1"), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("public-url: leave out the query");
            assertThatThrownBy(() -> Authenticities.of("hubspot-v3", settings("secret", SECRET, "public-url", "/hooks/hubspot"), CLOCK))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("public-url: give the absolute URL");
        }

        private static SourceRequest signed(String method, String uri, String body, long timestamp, String signature) {
            return request(method, uri, Map.of("X-HubSpot-Signature-v3", signature, "X-HubSpot-Request-Timestamp", Long.toString(timestamp)), body);
        }
    }

    @Nested
    class Bearer {
        final Authenticity check = Authenticities.of("bearer", settings("secret", "s3cr3t-token"), CLOCK);

        @Test
        void acceptsTheSecretAsABearerTokenInAnyCaseOfTheScheme() {
            assertThat(check.problem(auth("Bearer s3cr3t-token"))).isEmpty();
            assertThat(check.problem(auth("bearer  s3cr3t-token "))).isEmpty();
        }

        @Test
        void refusesAnotherTokenOrAPrefixOfIt() {
            assertThat(check.problem(auth("Bearer s3cr3t-tokeN"))).contains("bearer token does not match");
            assertThat(check.problem(auth("Bearer s3cr3t"))).contains("bearer token does not match");
            assertThat(check.problem(auth("Bearer s3cr3t-token-and-more"))).contains("bearer token does not match");
        }

        @Test
        void explainsMissingAndMalformedHeaders() {
            assertThat(check.problem(request("POST", "/hook", Map.of(), "{}"))).contains("missing header Authorization");
            assertThat(check.problem(auth("Basic czNjcjN0LXRva2Vu"))).contains("header Authorization is not a Bearer token");
            assertThat(check.problem(auth("Bearer"))).contains("header Authorization is not a Bearer token");
            assertThat(check.problem(auth("s3cr3t-token"))).contains("header Authorization is not a Bearer token");
        }

        private SourceRequest auth(String value) {
            return request("POST", "/hook", Map.of("Authorization", value), "{}");
        }
    }

    @Nested
    class GoogleKey {
        final Authenticity check = Authenticities.of("google-key", settings("secret", "lead-form-key-123"), CLOCK);

        @Test
        void acceptsTheKeyInTheBody() {
            assertThat(check.problem(body("{\"lead_id\":\"TeSter-123\",\"user_column_data\":[{\"column_id\":\"EMAIL\",\"string_value\":\"a@example.com\"}],"
                    + "\"api_version\":\"1.0\",\"form_id\":40000000000,\"campaign_id\":20000000000,\"google_key\":\"lead-form-key-123\",\"is_test\":true}")))
                    .isEmpty();
        }

        @Test
        void refusesAnotherKeyOrNone() {
            assertThat(check.problem(body("{\"google_key\":\"lead-form-key-124\"}"))).contains("google_key does not match");
            assertThat(check.problem(body("{\"lead\":{\"google_key\":\"lead-form-key-123\"}}"))).contains("missing google_key in the body");
            assertThat(check.problem(body("{\"google_key\":123}"))).contains("google_key is not a string");
            assertThat(check.problem(body("{\"google_key\":null}"))).contains("missing google_key in the body");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "google_key=lead-form-key-123", "{\"google_key\":\"lead-form-key-123\"", "{\"google_key\":\"lead-form-key-123\"} {}",
                "{\"google_key\":\"x\",\"google_key\":\"lead-form-key-123\"}"})
        void refusesBodiesThatAreNotOneJsonDocument(String body) {
            assertThat(check.problem(body(body))).contains("body is not JSON");
        }

        @Test
        void boundsNesting() {
            String deep = "{\"google_key\":\"lead-form-key-123\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
            assertThat(check.problem(body(deep))).contains("body is not JSON");
        }

        @Test
        void refusesABodyThatIsNotAnObject() {
            assertThat(check.problem(body("[\"lead-form-key-123\"]"))).contains("body is not a JSON object");
        }

        private SourceRequest body(String json) {
            return request("POST", "/hook", Map.of("Content-Type", "application/json"), json);
        }
    }

    @Nested
    class SalesforceOrg {
        @Test
        void acceptsAnAllowedOrganizationByItsFifteenCharacterId() throws IOException {
            byte[] message = fixture();
            assertThat(org("00D5g000004ZxQv").problem(soap(message))).isEmpty();
            assertThat(org("00D000000000001, 00D5g000004ZxQvEAK").problem(soap(message))).isEmpty();
            assertThat(org("00D5g000004ZxQvXYZ").problem(soap(message))).isEmpty();
        }

        @Test
        void refusesAnotherOrganizationComparingCaseSensitively() throws IOException {
            assertThat(org("00D5g000004ZxQw").problem(soap(fixture()))).contains("OrganizationId is not an allowed organization");
            assertThat(org("00D5G000004ZXQV").problem(soap(fixture()))).contains("OrganizationId is not an allowed organization");
        }

        @Test
        void explainsBodiesThatAreNotOutboundMessages() {
            Authenticity check = org("00D5g000004ZxQv");
            assertThat(check.problem(soap("{\"OrganizationId\":\"00D5g000004ZxQv\"}".getBytes(StandardCharsets.UTF_8))))
                    .hasValueSatisfying(p -> assertThat(p).startsWith("body is not a Salesforce Outbound Message: not well-formed XML"));
            assertThat(check.problem(soap("<Envelope><Body><notifications/></Body></Envelope>".getBytes(StandardCharsets.UTF_8))))
                    .contains("missing OrganizationId in the Outbound Message");
            assertThat(check.problem(soap("<Envelope><Body><notifications><OrganizationId>00D5g000004ZxQ</OrganizationId></notifications></Body></Envelope>"
                    .getBytes(StandardCharsets.UTF_8)))).contains("OrganizationId is not a Salesforce organization id");
            String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY id SYSTEM \"file:///etc/hostname\">]>"
                    + "<Envelope><Body><notifications><OrganizationId>&id;</OrganizationId></notifications></Body></Envelope>";
            assertThat(check.problem(soap(xxe.getBytes(StandardCharsets.UTF_8))))
                    .hasValueSatisfying(p -> assertThat(p).contains("DOCTYPE is not accepted"));
        }

        @Test
        void refusesMalformedOrganizationIdsAtConstruction() {
            assertThatThrownBy(() -> org("00D5g000004ZxQv, 00D-bad"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("organization-ids: \"00D-bad\" is not a 15- or 18-character");
            assertThatThrownBy(() -> org(" , "))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("organization-ids: required");
        }

        private Authenticity org(String ids) {
            return Authenticities.of("salesforce-org", settings("organization-ids", ids), CLOCK);
        }

        private SourceRequest soap(byte[] body) {
            return request("POST", "/hooks/salesforce", Map.of("Content-Type", "text/xml; charset=utf-8", "SOAPAction", "\"\""), body);
        }

        private byte[] fixture() throws IOException {
            try (InputStream in = AuthenticitiesTest.class.getResourceAsStream("/salesforce/outbound-message-2-leads.xml")) {
                return in.readAllBytes();
            }
        }
    }

    @Test
    void problemsNeverCarryTheSecretOrTheExpectedSignature() {
        String secret = "top-secret-value";
        byte[] body = "{\"google_key\":\"guess\"}".getBytes(StandardCharsets.UTF_8);
        String expectedBase64 = sign(secret, "{\"google_key\":\"guess\"}");
        String expectedHex = java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(expectedBase64));
        Map<String, String> headers = Map.of("Typeform-Signature", "sha256=AAAA", "X-Hub-Signature-256", "sha256=00",
                "Authorization", "Bearer guess", "X-HubSpot-Signature-v3", "AAAA", "X-HubSpot-Request-Timestamp",
                Long.toString(NOW.toEpochMilli()));
        for (String scheme : List.of("typeform", "meta", "hubspot-v3", "bearer", "google-key")) {
            Optional<String> problem = Authenticities.of(scheme, settings("secret", secret), CLOCK)
                    .problem(request("POST", "https://x.example/h", headers, body));
            assertThat(problem).as(scheme).isPresent();
            assertThat(problem.get()).as(scheme).doesNotContain(secret).doesNotContain(expectedBase64).doesNotContain(expectedHex);
        }
    }

    static Function<String, String> settings(String... pairs) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return values::get;
    }

    static SourceRequest request(String method, String uri, Map<String, String> headers, String body) {
        return request(method, uri, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    static SourceRequest request(String method, String uri, Map<String, String> headers, byte[] body) {
        return new SourceRequest(method, uri, headers, body);
    }

    /** Base64 HMAC-SHA256 of the UTF-8 text, computed independently of the code under test. */
    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
