package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Hostile input is normal input: 10,000 random and malformed bodies against every HTTP source the routes/ folder
 * serves, eight at a time. No answer may be a 5xx or hang, every refusal is JSON naming the problem, and nothing is
 * half-stored: each 2xx and 422 has its submission (and the 422 its kept rejection), no other 4xx stores anything.
 * Three in four bodies to a webhook source are signed with the test secrets ({@link Signer}), so authentic garbage
 * reaches intake: once the submission-mapper has drained {@code submission_pending}, every acknowledged webhook
 * submission is leads or kept rejections.
 *
 * <p>Reproduce a failure with {@code -Dfuzz.seed=<seed>} (printed at the start); {@code -Dfuzz.requests=<n>} changes
 * the count. Request {@code i} draws from {@code new Random(seed + i)}, so its body does not depend on thread timing.
 */
class IntakeFuzzTest extends AbstractAppTest {
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final int THREADS = 8;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LeadRouterProperties properties;

    /** One HTTP source: its id and which kamelet serves it. */
    record Source(String id, boolean form) {
    }

    /** One fuzzed request: what it is (for the report), its content type (null: none), headers and exact bytes. */
    record Fuzz(String kind, String contentType, byte[] body, List<String> headers, boolean chunked) {
    }

    /** What came back for one request. */
    record Answer(int index, Source source, Fuzz fuzz, int status, String contentType, String body) {
    }

    @Test
    void noMalformedBodyGetsA5xxOrIsHalfStored() throws Exception {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        System.out.println("IntakeFuzzTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        List<Source> sources = httpSources(Path.of("routes"));
        assertThat(sources).as("HTTP sources found in routes/*.camel.yaml").isNotEmpty();
        long limit = properties.intake().maxBodyBytes();

        long submissionsBefore = submissions();
        long started = System.nanoTime();
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                int index = i;
                sent.add(pool.submit(() -> {
                    Random random = new Random(seed + index);
                    Source source = sources.get(random.nextInt(sources.size()));
                    Fuzz fuzz = new Fuzzer(random, limit, seed).next();
                    if (random.nextInt(4) != 0) {
                        fuzz = Signer.sign(source.id(), fuzz, System.currentTimeMillis());
                    }
                    try {
                        answers.add(send(index, source, fuzz));
                    } catch (IOException | InterruptedException | RuntimeException e) {
                        failures.add("request " + index + " (" + fuzz.kind() + ", body " + hexPrefix(fuzz.body()) + ") to "
                                + source.id() + " got no answer: " + e);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        Map<Integer, Integer> histogram = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byKind = new TreeMap<>();
        answers.forEach(a -> {
            histogram.merge(a.status(), 1, Integer::sum);
            byKind.computeIfAbsent(a.fuzz().kind(), k -> new TreeMap<>()).merge(a.status(), 1, Integer::sum);
        });
        System.out.println("IntakeFuzzTest " + REQUESTS + " requests to " + sources + " in " + took.toMillis() + " ms, seed "
                + seed + ": " + histogram);
        byKind.forEach((kind, statuses) -> System.out.println("  " + kind + " " + statuses));
        String reproduce = " [seed " + seed + "]";
        assertThat(failures).as("requests without an answer" + reproduce).isEmpty();
        assertThat(answers).hasSize(REQUESTS);

        Set<String> acceptedSubmissions = new HashSet<>();
        Set<String> acceptedLeads = new HashSet<>();
        Set<String> webhookSubmissions = new HashSet<>();
        Set<String> rejections = new HashSet<>();
        for (Answer a : answers) {
            assertThat(a.status()).as("5xx for %s%s", describe(a), reproduce).isLessThan(500);
            JsonNode body = a.body().isEmpty() ? null : readJson(a.body());
            if (a.status() >= 400) {
                assertThat(a.contentType()).as("content type of %s", describe(a)).startsWith("application/json");
                assertThat(body).as("JSON body of %s", describe(a)).isNotNull();
                assertThat(body.path("errors").isArray() && !body.path("errors").isEmpty())
                        .as("non-empty errors in %s", describe(a)).isTrue();
            }
            if (a.status() == 422) {
                assertThat(a.source().form()).as("only forms answer 422: %s", describe(a)).isTrue();
                rejections.add(body.path("rejectionId").asText());
            } else if (a.status() >= 200 && a.status() < 300) {
                assertThat(body).as("JSON receipt of %s", describe(a)).isNotNull();
                if (a.source().form()) {
                    assertThat(a.status()).as(describe(a)).isIn(200, 202);
                    assertThat(body.path("leadId").asText()).as("lead id in %s", describe(a)).isNotEmpty();
                    if (a.status() == 202) {
                        acceptedSubmissions.add(body.path("leadId").asText());
                    }
                    acceptedLeads.add(body.path("leadId").asText());
                } else if (body.has("rejectionId")) {
                    rejections.add(body.path("rejectionId").asText());
                } else {
                    assertThat(body.path("submissionId").asText()).as("submission id in %s", describe(a)).isNotEmpty();
                    if (!body.path("duplicate").asBoolean()) {
                        acceptedSubmissions.add(body.path("submissionId").asText());
                        webhookSubmissions.add(body.path("submissionId").asText());
                    }
                }
            }
        }
        assertThat(rejections).doesNotContain("");

        Set<String> storedLeads = new HashSet<>(jdbc.queryForList(
                "SELECT i.lead_id FROM inbox i LEFT JOIN submissions s ON s.submission_id = i.submission_id"
                        + " WHERE s.submission_id IS NOT NULL OR i.raw_body IS NOT NULL", String.class));
        assertThat(acceptedLeads).as("every acknowledged form lead has its submission" + reproduce)
                .isSubsetOf(storedLeads);
        Set<String> keptRejections = new HashSet<>(jdbc.queryForList(
                "SELECT r.rejection_id FROM rejections r JOIN submissions s ON s.submission_id = r.submission_id", String.class));
        assertThat(rejections).as("every 422 has its kept rejection" + reproduce).isSubsetOf(keptRejections);
        assertThat(submissions() - submissionsBefore)
                .as("new submissions = distinct accepted + distinct rejected; no other answer stores anything" + reproduce)
                .isEqualTo(acceptedSubmissions.size() + rejections.size());

        // Authentic webhook bodies were acknowledged before mapping: once the submission-mapper has run, each is a
        // lead, a kept rejection or (HubSpot events that are not leads) feedback or nothing, and none is half-stored.
        assertThat(answers.stream().filter(a -> !a.source().form() && a.status() >= 200 && a.status() < 300
                && a.fuzz().kind().startsWith("signed ")).count())
                .as("signed webhook bodies reached intake" + reproduce).isPositive();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("submission_pending") == 0);
        Set<String> mappedSubmissions = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT submission_id FROM inbox WHERE submission_id IS NOT NULL", String.class));
        mappedSubmissions.addAll(jdbc.queryForList("SELECT DISTINCT submission_id FROM rejections", String.class));
        Map<String, String> sourceOf = new HashMap<>();
        jdbc.query("SELECT submission_id, source_id FROM submissions", row -> {
            sourceOf.put(row.getString(1), row.getString(2));
        });
        List<String> unresolved = new ArrayList<>();
        for (String submissionId : webhookSubmissions) {
            String sourceId = sourceOf.get(submissionId);
            assertThat(sourceId).as("acknowledged submission %s is stored%s", submissionId, reproduce).isNotNull();
            // HubSpot events that are not lead events (any other subscription type) are feedback or skipped by design
            if (!mappedSubmissions.contains(submissionId) && !"hook-hubspot".equals(sourceId)) {
                unresolved.add(submissionId + " (" + sourceId + ")");
            }
        }
        System.out.println("IntakeFuzzTest " + webhookSubmissions.size() + " acknowledged webhook submissions mapped: "
                + mappedSubmissions.stream().filter(webhookSubmissions::contains).count() + " with leads or kept rejections");
        assertThat(unresolved).as("acknowledged submissions with neither leads nor kept rejections after mapping" + reproduce)
                .isEmpty();

        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).path("status").asText()).isEqualTo("UP");
        String leadId = postLead("{\"email\":\"after-fuzz-" + seed + "@example.com\",\"first_name\":\"Ada\",\"country\":\"GB\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> lead(leadId).path("status").asText().equals("ASSIGNED"));
    }

    private Answer send(int index, Source source, Fuzz fuzz) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = fuzz.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fuzz.body()))
                : HttpRequest.BodyPublishers.ofByteArray(fuzz.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/intake/" + source.id()))
                .timeout(REQUEST_TIMEOUT)
                .POST(publisher);
        if (fuzz.contentType() != null) {
            request.header("Content-Type", fuzz.contentType());
        }
        for (int i = 0; i < fuzz.headers().size(); i += 2) {
            request.header(fuzz.headers().get(i), fuzz.headers().get(i + 1));
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(index, source, fuzz, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    /** Stored submissions: submissions rows, and web-form posts kept inline on their one lead's row. */
    private long submissions() {
        return count("submissions") + jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE raw_headers IS NOT NULL", Long.class);
    }

    private static String describe(Answer a) {
        return "request " + a.index() + " (" + a.fuzz().kind() + ", Content-Type " + a.fuzz().contentType() + ", headers "
                + a.fuzz().headers() + ", " + a.fuzz().body().length + " bytes " + hexPrefix(a.fuzz().body()) + ") to "
                + a.source().id() + " → " + a.status() + " " + abbreviate(a.body());
    }

    private static String hexPrefix(byte[] body) {
        return HexFormat.of().formatHex(body, 0, Math.min(body.length, 48)) + (body.length > 48 ? "…" : "");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** The sources routes/*.camel.yaml serve over HTTP: those starting from a form or webhook source kamelet. */
    static List<Source> httpSources(Path routes) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<Source> sources = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(routes, "*.camel.yaml")) {
            for (Path file : files) {
                for (JsonNode item : yaml.readTree(file.toFile())) {
                    JsonNode from = item.path("route").path("from");
                    String uri = from.path("uri").asText();
                    String kamelet = uri.replaceFirst("\\?.*", "");
                    boolean form = kamelet.equals("kamelet:lead-form-source");
                    if (!form && !kamelet.equals("kamelet:lead-webhook-source")) {
                        continue;
                    }
                    String id = from.path("parameters").path("source").asText(null);
                    if (id == null && uri.contains("source=")) {
                        id = uri.replaceFirst(".*[?&]source=([^&]*).*", "$1");
                    }
                    assertThat(id).as("source parameter of the route in %s", file).isNotBlank();
                    sources.add(new Source(id, form));
                }
            }
        }
        sources.sort((a, b) -> a.id().compareTo(b.id()));
        return Collections.unmodifiableList(sources);
    }

    /**
     * Makes a fuzzed body authentic for a source whose route checks a signature or key, with the secrets
     * {@link AbstractAppTest} configures, so garbage reaches intake and the submission-mapper instead of a 401.
     */
    static final class Signer {
        private Signer() {
        }

        static Fuzz sign(String sourceId, Fuzz fuzz, long nowMillis) {
            byte[] body = fuzz.body();
            List<String> headers = new ArrayList<>(fuzz.headers());
            switch (sourceId) {
                case "hook-typeform" -> headers.addAll(List.of("Typeform-Signature",
                        "sha256=" + Base64.getEncoder().encodeToString(hmac(TYPEFORM_SECRET, body))));
                case "hook-meta-leadgen" -> headers.addAll(List.of("X-Hub-Signature-256",
                        "sha256=" + HexFormat.of().formatHex(hmac(META_APP_SECRET, body))));
                case "hook-gravity-forms" -> headers.addAll(List.of("Authorization", "Bearer " + GRAVITY_FORMS_SECRET));
                case "hook-hubspot" -> {
                    String timestamp = Long.toString(nowMillis);
                    byte[] signed = concat(("POST" + HUBSPOT_PUBLIC_URL).getBytes(StandardCharsets.UTF_8), body,
                            timestamp.getBytes(StandardCharsets.UTF_8));
                    headers.addAll(List.of("X-HubSpot-Signature-v3",
                            Base64.getEncoder().encodeToString(hmac(HUBSPOT_SECRET, signed)),
                            "X-HubSpot-Request-Timestamp", timestamp));
                }
                case "hook-google-ads" -> {
                    // the key is the body's top-level google_key: put it first in a JSON object body
                    if (body.length > 2 && body[0] == '{' && body[1] != '}') {
                        body = concat(("{\"google_key\":\"" + GOOGLE_ADS_KEY + "\",").getBytes(StandardCharsets.UTF_8),
                                java.util.Arrays.copyOfRange(body, 1, body.length));
                    } else {
                        return fuzz;
                    }
                }
                default -> {
                    return fuzz;
                }
            }
            return new Fuzz("signed " + fuzz.kind(), fuzz.contentType(), body, List.copyOf(headers), fuzz.chunked());
        }

        private static byte[] hmac(String secret, byte[] data) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] concat(byte[]... parts) {
            int length = 0;
            for (byte[] part : parts) {
                length += part.length;
            }
            byte[] all = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }
    }

    /** Draws one hostile request from a seeded Random. */
    static final class Fuzzer {
        private static final String[] JSON_TYPES = {"application/json", "application/json; charset=utf-8",
                "APPLICATION/JSON", "application/json;charset=latin1", "application/vnd.api+json"};
        private static final String[] OTHER_TYPES = {"text/plain", "application/octet-stream", "text/html", "image/png",
                "application/xml", "text/xml", "application/soap+xml", "", ";", "application/", "/json", "multipart/mixed",
                "application/x-www-form-urlencoded; charset=ebcdic", "multipart/form-data; boundary=", "*/*",
                "application/json; boundary=\"x", "text/plain; charset=\u00ff"};
        private static final String[] FIELDS = {"email", "phone", "first_name", "last_name", "company", "country",
                "message", "job_title", "utm_source", "page_url", "name", "contact", "firstName", "emailAddress"};

        private final Random random;
        private final long limit;
        private final long seed;

        Fuzzer(Random random, long limit, long seed) {
            this.random = random;
            this.limit = limit;
            this.seed = seed;
        }

        Fuzz next() {
            int pick = random.nextInt(1000);
            Fuzz fuzz;
            if (pick < 140) {
                fuzz = new Fuzz("valid-json", jsonType(), utf8(lead()), List.of(), false);
            } else if (pick < 220) {
                fuzz = new Fuzz("mutated-json", jsonType(), mutate(utf8(lead())), List.of(), false);
            } else if (pick < 280) {
                byte[] whole = utf8(lead());
                fuzz = new Fuzz("truncated-json", jsonType(), java.util.Arrays.copyOf(whole, random.nextInt(whole.length)), List.of(), false);
            } else if (pick < 320) {
                fuzz = new Fuzz("deep-nesting", jsonType(), deepNesting(), List.of(), false);
            } else if (pick < 360) {
                fuzz = new Fuzz("huge-number", jsonType(), hugeNumber(), List.of(), false);
            } else if (pick < 410) {
                fuzz = new Fuzz("nul-bytes", pickType(), nulBytes(), List.of(), false);
            } else if (pick < 460) {
                fuzz = new Fuzz("invalid-utf8", pickType(), invalidUtf8(), List.of(), false);
            } else if (pick < 540) {
                fuzz = new Fuzz("urlencoded", "application/x-www-form-urlencoded", utf8(urlencoded()), List.of(), false);
            } else if (pick < 620) {
                fuzz = multipart();
            } else if (pick < 660) {
                fuzz = new Fuzz("xml", random.nextBoolean() ? "application/xml" : "text/xml", utf8(xml()), List.of(), false);
            } else if (pick < 710) {
                fuzz = new Fuzz("wrong-type", random.nextBoolean() ? null : OTHER_TYPES[random.nextInt(OTHER_TYPES.length)],
                        utf8(lead()), List.of(), false);
            } else if (pick < 740) {
                fuzz = new Fuzz("long-type", longType(), utf8(lead()), List.of(), false);
            } else if (pick < 780) {
                fuzz = new Fuzz("empty", pickType(), new byte[0], List.of(), random.nextBoolean());
            } else if (pick < 810) {
                fuzz = new Fuzz("random-bytes", pickType(), randomBytes(random.nextInt(2048)), List.of(), false);
            } else if (pick < 840) {
                fuzz = new Fuzz("odd-values", jsonType(), utf8(oddValues()), List.of(), false);
            } else if (pick < 870) {
                fuzz = new Fuzz("json-batch", jsonType(), utf8(batch()), List.of(), false);
            } else if (pick < 873) {
                fuzz = nearLimit();
            } else if (pick < 876) {
                fuzz = new Fuzz("chunked-over-limit", jsonType(), padded((int) limit + 1 + random.nextInt(64 * 1024)), List.of(), true);
            } else {
                fuzz = new Fuzz("repeated", jsonType(), utf8(repeatedLead()), List.of(), random.nextInt(4) == 0);
            }
            List<String> headers = idempotencyKey();
            if (headers.isEmpty()) {
                return fuzz;
            }
            return new Fuzz(fuzz.kind(), fuzz.contentType(), fuzz.body(), headers, fuzz.chunked());
        }

        private List<String> idempotencyKey() {
            return switch (random.nextInt(12)) {
                case 0 -> List.of("Idempotency-Key", "fuzz-" + seed + "-" + random.nextInt(50));
                case 1 -> List.of("Idempotency-Key", "k".repeat(150 + random.nextInt(400)));
                case 2 -> List.of("Idempotency-Key", " ");
                case 3 -> List.of("Idempotency-Key", "key with spaces " + random.nextInt());
                case 4 -> List.of("Idempotency-Key", "cl\u00e9-" + random.nextInt());
                case 5 -> List.of("Idempotency-Key", "a\tb" + random.nextInt());
                default -> List.of();
            };
        }

        private String jsonType() {
            return JSON_TYPES[random.nextInt(JSON_TYPES.length)];
        }

        private String pickType() {
            return switch (random.nextInt(4)) {
                case 0 -> "application/x-www-form-urlencoded";
                case 1 -> "multipart/form-data; boundary=b" + random.nextInt(100);
                case 2 -> OTHER_TYPES[random.nextInt(OTHER_TYPES.length)];
                default -> jsonType();
            };
        }

        private String longType() {
            String padding = "x".repeat(100 + random.nextInt(400));
            return switch (random.nextInt(3)) {
                case 0 -> "application/json; charset=utf-8; " + padding + "=1";
                case 1 -> "application/x-www-form-urlencoded; foo=" + padding;
                default -> "application/" + padding;
            };
        }

        private String word() {
            int length = 1 + random.nextInt(12);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append((char) ('a' + random.nextInt(26)));
            }
            return s.toString();
        }

        private String text() {
            return switch (random.nextInt(8)) {
                case 0 -> "";
                case 1 -> "  " + word() + "  " + word() + " ";
                case 2 -> "<script>alert(1)</script><b>" + word() + "</b>";
                case 3 -> "Zoë Ünïcödé 東京 \uD83D\uDE00 " + word();
                case 4 -> word().repeat(1 + random.nextInt(2000));
                case 5 -> "\u202Eevil\u0000\u0007\r\n" + word();
                case 6 -> "'; DROP TABLE submissions; --";
                default -> word();
            };
        }

        private String email() {
            return switch (random.nextInt(8)) {
                case 0 -> "not-an-email";
                case 1 -> word() + "@";
                case 2 -> "a".repeat(300 + random.nextInt(5000)) + "@example.com";
                case 3 -> word() + "@" + word() + "." + "c".repeat(70);
                case 4 -> " " + word().toUpperCase() + "@Example.COM ";
                default -> word() + "." + random.nextInt(1_000_000) + "@" + word() + ".example.com";
            };
        }

        private String phone() {
            return switch (random.nextInt(6)) {
                case 0 -> "12";
                case 1 -> "+1 415 555 " + String.format("%04d", random.nextInt(10_000));
                case 2 -> "9".repeat(20 + random.nextInt(200));
                case 3 -> "+49 30 901820";
                case 4 -> "(415) 555-0132 ext. " + random.nextInt(100_000);
                default -> word();
            };
        }

        private String country() {
            String[] countries = {"US", "GB", "DE", "deu", "United Kingdom", "Atlantis", "", "ZZ", "u", "United States"};
            return countries[random.nextInt(countries.length)];
        }

        private String lead() {
            StringBuilder s = new StringBuilder("{");
            if (random.nextInt(10) > 0) {
                s.append("\"email\":").append(quote(email())).append(',');
            }
            if (random.nextBoolean()) {
                s.append("\"phone\":").append(quote(phone())).append(',');
            }
            s.append("\"first_name\":").append(quote(text())).append(',');
            if (random.nextBoolean()) {
                s.append("\"company\":").append(quote(text())).append(',');
            }
            if (random.nextBoolean()) {
                s.append("\"message\":").append(quote(text())).append(',');
            }
            if (random.nextInt(4) == 0) {
                s.append("\"name\":{\"first\":").append(quote(text())).append(",\"last\":").append(quote(text())).append("},");
            }
            if (random.nextInt(4) == 0) {
                s.append("\"utm\":{\"source\":").append(quote(text())).append("},");
            }
            s.append("\"country\":").append(quote(country())).append('}');
            return s.toString();
        }

        private String repeatedLead() {
            int n = random.nextInt(20);
            return "{\"email\":\"repeat-" + seed + "-" + n + "@example.com\",\"first_name\":\"Rep\"}";
        }

        private String oddValues() {
            String[] values = {"null", "true", "[]", "{}", "[\"a@example.com\",\"b@example.com\"]", "{\"$ne\":1}", "1e308",
                    "-0", "12345678901234567890123456789", "\"\\u0000\"", "\"\\ud800\"", "[[[[[]]]]]", "{\"email\":{}}"};
            StringBuilder s = new StringBuilder("{");
            int n = 1 + random.nextInt(FIELDS.length);
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : ",").append(quote(FIELDS[random.nextInt(FIELDS.length)])).append(':')
                        .append(values[random.nextInt(values.length)]);
            }
            return s.append('}').toString();
        }

        private String batch() {
            // Long batches hold short leads: a body far over the limit is closed on, not answered (Tomcat swallows at
            // most 2 MiB of an unread body), which tells nothing about intake.
            boolean many = random.nextInt(5) == 0;
            int n = many ? 2000 + random.nextInt(2000) : random.nextInt(5);
            StringBuilder s = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : ",").append(random.nextInt(3) == 0 ? "1"
                        : many ? "{\"email\":" + quote(email().substring(0, 1) + i + "@example.com") + "}" : lead());
            }
            return s.append(']').toString();
        }

        private byte[] mutate(byte[] body) {
            byte[] copy = body.clone();
            int edits = 1 + random.nextInt(8);
            for (int i = 0; i < edits && copy.length > 0; i++) {
                copy[random.nextInt(copy.length)] = (byte) "{}[]\":,\\\u0000\u00ff%&=-e0"
                        .charAt(random.nextInt(16));
            }
            return copy;
        }

        private byte[] deepNesting() {
            int depth = random.nextBoolean() ? 10_000 : 65 + random.nextInt(2000);
            return switch (random.nextInt(3)) {
                case 0 -> utf8("[".repeat(depth));
                case 1 -> utf8("[".repeat(depth) + "]".repeat(depth));
                default -> utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
            };
        }

        private byte[] hugeNumber() {
            String digits = "9".repeat(1 + random.nextInt(random.nextBoolean() ? 100_000 : 400));
            return switch (random.nextInt(4)) {
                case 0 -> utf8("{\"email\":\"n@example.com\",\"phone\":" + digits + "}");
                case 1 -> utf8("{\"email\":\"n@example.com\",\"n\":1e" + digits + "}");
                case 2 -> utf8("{\"email\":\"n@example.com\",\"n\":-" + digits + "." + digits + "}");
                default -> utf8("{\"email\":\"n@example.com\",\"country\":0." + digits + "e-" + digits + "}");
            };
        }

        private byte[] nulBytes() {
            byte[] body = utf8(random.nextBoolean() ? lead() : urlencoded());
            for (int i = 0; i < 1 + random.nextInt(5); i++) {
                body[random.nextInt(body.length)] = 0;
            }
            return random.nextBoolean() ? body : utf8("{\"email\":\"nul\\u0000" + word() + "@example.com\",\"first_name\":\"a\\u0000b\"}");
        }

        private byte[] invalidUtf8() {
            byte[][] bad = {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE2, (byte) 0x82}};
            byte[] middle = bad[random.nextInt(bad.length)];
            byte[] prefix = utf8(random.nextBoolean() ? "{\"email\":\"u@example.com\",\"first_name\":\"" : "email=u%40example.com&first_name=");
            byte[] suffix = utf8(prefix[0] == '{' ? "\"}" : "&country=US");
            byte[] body = new byte[prefix.length + middle.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(middle, 0, body, prefix.length, middle.length);
            System.arraycopy(suffix, 0, body, prefix.length + middle.length, suffix.length);
            return body;
        }

        private String urlencoded() {
            String[] escapes = {"%", "%4", "%G1", "%zz", "%E2%82", "%C3", "%FF%FE", "%00", "%25", "%2", "+", "%%", "=", "&&"};
            StringBuilder s = new StringBuilder("email=" + word() + "%40example.com");
            int n = random.nextInt(random.nextInt(20) == 0 ? 3000 : 12);
            for (int i = 0; i < n; i++) {
                s.append('&').append(FIELDS[random.nextInt(FIELDS.length)]).append('=').append(word());
                if (random.nextInt(3) == 0) {
                    s.append(escapes[random.nextInt(escapes.length)]);
                }
            }
            return s.toString();
        }

        private Fuzz multipart() {
            String boundary = "----fuzz" + random.nextInt(1_000_000);
            StringBuilder s = new StringBuilder();
            int parts = random.nextInt(random.nextInt(20) == 0 ? 2000 : 5);
            int variant = random.nextInt(7);
            for (int i = 0; i < parts; i++) {
                s.append("--").append(boundary).append("\r\n");
                if (variant != 2 || i > 0) {
                    s.append("Content-Disposition: form-data; name=\"").append(FIELDS[random.nextInt(FIELDS.length)]).append('"');
                    if (variant == 3) {
                        s.append("; filename=\"../../etc/passwd\"");
                    }
                    s.append("\r\n");
                }
                if (variant == 4) {
                    s.append("Content-Disposition: form-data\r\n");
                }
                s.append("\r\n").append(i == 0 ? email() : text()).append("\r\n");
            }
            if (variant != 1) {
                s.append("--").append(boundary).append("--\r\n");
            }
            String type = switch (variant) {
                case 0 -> "multipart/form-data";
                case 5 -> "multipart/form-data; boundary=other";
                case 6 -> "multipart/form-data; boundary=\"" + boundary;
                default -> "multipart/form-data; boundary=" + boundary;
            };
            String[] kinds = {"multipart-no-boundary", "multipart-unclosed", "multipart-no-disposition", "multipart-file",
                    "multipart-no-name", "multipart-wrong-boundary", "multipart-unterminated-quote"};
            return new Fuzz(kinds[variant], type, utf8(s.toString()), List.of(), false);
        }

        private String xml() {
            return switch (random.nextInt(4)) {
                case 0 -> "<?xml version=\"1.0\"?><!DOCTYPE lead [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                        + "<lead><email>&xxe;</email></lead>";
                case 1 -> "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                        + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                        + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                        + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">"
                        + "<!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">"
                        + "<!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">"
                        + "<!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">"
                        + "<!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">"
                        + "<!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">"
                        + "<!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">"
                        + "]><lead><email>&lol9;</email></lead>";
                case 2 -> "<lead>" + "<a>".repeat(5000) + "</lead>";
                default -> "<lead><email>" + email() + "</email><first_name>" + text().replace("<", "&lt;") + "</first_name></lead>";
            };
        }

        private Fuzz nearLimit() {
            int size = (int) limit - 64 + random.nextInt(128);
            return new Fuzz("near-limit", jsonType(), padded(size), List.of(), false);
        }

        private byte[] padded(int size) {
            String head = "{\"email\":\"big-" + seed + "-" + random.nextInt() + "@example.com\",\"message\":\"";
            String tail = "\"}";
            int pad = Math.max(0, size - head.length() - tail.length());
            return utf8(head + "x".repeat(pad) + tail);
        }

        private byte[] randomBytes(int n) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            return bytes;
        }

        private static String quote(String value) {
            StringBuilder s = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            return s.append('"').toString();
        }

        private static byte[] utf8(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
