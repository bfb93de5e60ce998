package io.leadrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.testing.FakeSalesforce;
import static io.leadrouter.testing.PackagedJar.copyFolder;
import static io.leadrouter.testing.PackagedJar.freePort;
import static io.leadrouter.testing.PackagedJar.jar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar with JSON logs ({@code logging.structured.format.console=ecs}) and a short retention period: every
 * line is a JSON object, lines written while a lead is decided or written carry its {@code leadId}, no email address or
 * phone number appears, and once written to (fake) Salesforce and past the retention period the lead's personal data
 * is erased by the {@code personal-data-retention} route while its decision and status stay.
 */
class JsonLogsAndRetentionE2ETest {
    private static final String TOKEN = "e2e-json-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9][0-9 ().-]{6,}[0-9]");

    @TempDir
    Path workDir;

    private FakeSalesforce salesforce;
    private Process app;
    private int port;

    @AfterEach
    void stop() {
        if (app != null) {
            app.destroyForcibly();
        }
        if (salesforce != null) {
            salesforce.stop();
        }
    }

    @Test
    void jsonLinesCarryTheLeadIdNoPersonalDataAndOldLeadsAreErased() throws Exception {
        salesforce = FakeSalesforce.start();
        for (String folder : List.of("routes", "mappings", "policy")) {
            copyFolder(Path.of(folder), workDir.resolve(folder));
        }
        port = freePort();
        Path log = Path.of("target", "e2e-json-logs.log").toAbsolutePath();
        app = startApp(log);

        List<String> leadIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/intake/form-website")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"json-" + i + "@example.com\",\"phone\":\"+1 415 555 013" + i
                            + "\",\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"company\":\"Engines Ltd\",\"message\":\"hello\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            leadIds.add(JSON.readTree(r.body()).path("leadId").asText());
        }

        for (String leadId : leadIds) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> lead(leadId).path("lead").path("erased").asBoolean());
            JsonNode view = lead(leadId);
            assertThat(view.path("lead").has("email") || view.path("lead").has("phone") || view.path("lead").has("firstName"))
                    .as(view.toString()).isFalse();
            assertThat(view.path("lead").path("company").asText()).isEqualTo("Engines Ltd");
            assertThat(view.path("status").asText()).isEqualTo("ASSIGNED");
            assertThat(view.path("decision").path("repId").asText()).isNotEmpty();
            assertThat(view.path("crm").path(0).path("status").asText()).isEqualTo("WRITTEN");
            assertThat(view.toString()).as("the trace keeps only the domain").doesNotContain("json-0@", "json-1@", "+1415555013");
        }
        app.destroy();
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<String> lines = Files.readAllLines(log);
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        assertThat(events).as("JSON lines in " + log).hasSizeGreaterThan(20);
        assertThat(lines.stream().filter(l -> !l.isBlank() && !l.startsWith("{")).toList())
                .as("only the JVM's own warnings are not JSON").allMatch(l -> l.contains("VM warning"));
        for (String leadId : leadIds) {
            assertThat(events).as("a decision line with the lead id of " + leadId)
                    .anyMatch(e -> leadId.equals(e.path("leadId").asText()) && e.path("message").asText().startsWith("decided:"));
            assertThat(events).as("a CRM write line with the lead id of " + leadId)
                    .anyMatch(e -> (e.path("leadIds").asText().contains(leadId) || leadId.equals(e.path("leadId").asText()))
                            && e.path("message").asText().contains("salesforce answered"));
        }
        assertThat(events).anyMatch(e -> e.path("message").asText().startsWith("retention: erased the personal data of"));
        String all = String.join("\n", lines);
        assertThat(EMAIL.matcher(all).find()).as("an email address in the log").isFalse();
        assertThat(PHONE.matcher(all).find()).as("a phone number in the log").isFalse();
        assertThat(all).doesNotContain(TOKEN, "e2e-secret", "e2e-password", "FakeAccessTokenForTests");
    }

    private Process startApp(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar().toString(),
                "--server.port=" + port,
                "--logging.structured.format.console=ecs",
                "--logging.level.io.leadrouter=DEBUG",
                "--leadrouter.retention.personal-data=PT3S",
                "--leadrouter.retention.interval=PT0.5S",
                "--leadrouter.security.admin-token=" + TOKEN,
                "--leadrouter.sources.form-website.rate-limit=0",
                "--leadrouter.crm.salesforce.enabled=true",
                "--leadrouter.crm.salesforce.poll-interval=PT0.1S",
                "--camel.component.salesforce.login-url=" + salesforce.baseUrl(),
                "--camel.component.salesforce.client-id=e2e-client",
                "--camel.component.salesforce.client-secret=e2e-secret",
                "--camel.component.salesforce.user-name=e2e@example.com",
                "--camel.component.salesforce.password=e2e-password")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("leadrouter exited; see " + log).isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private JsonNode lead(String leadId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/leads/" + leadId))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
