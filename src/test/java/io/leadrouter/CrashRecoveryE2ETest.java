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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a process, with H2 on disk and WireMock as Salesforce: leads are posted, the process is
 * SIGKILLed right after acknowledgements, restarted, and every acknowledged lead must end up assigned and
 * created in Salesforce exactly once (a batch re-sent after the kill only updates the same records).
 */
class CrashRecoveryE2ETest {
    private static final String TOKEN = "e2e-admin-token-abcdef012345";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

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
    void acknowledgedLeadsSurviveSigkillAndReachSalesforceExactlyOnce() throws Exception {
        salesforce = FakeSalesforce.start();
        for (String folder : List.of("routes", "mappings", "policy")) {
            copyFolder(Path.of(folder), workDir.resolve(folder));
        }
        port = freePort();

        app = startApp("first");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        postLeads(8, 60, "before", acknowledged, null);
        AtomicInteger acks = new AtomicInteger();
        ExecutorService killer = Executors.newSingleThreadExecutor();
        Process first = app;
        postLeads(8, 60, "killed", acknowledged, () -> {
            if (acks.incrementAndGet() == 200) {
                killer.submit(first::destroyForcibly);
            }
        });
        first.waitFor(30, TimeUnit.SECONDS);
        killer.shutdown();
        assertThat(first.isAlive()).isFalse();
        int ackedBeforeRestart = acknowledged.size();
        assertThat(ackedBeforeRestart).isGreaterThan(480 + 199);

        app = startApp("second");
        postLeads(4, 25, "after", acknowledged, null);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> acknowledged.stream().allMatch(id -> !salesforce.records(id).isEmpty()));
        for (String leadId : acknowledged) {
            JsonNode view = lead(leadId);
            assertThat(view.path("status").asText()).as(leadId).isEqualTo("ASSIGNED");
            assertThat(salesforce.owners(leadId)).as("every upsert of %s carries one owner", leadId).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.stream()
                .allMatch(id -> lead(id).path("crm").path(0).path("status").asText().equals("WRITTEN")));
        assertThat(salesforce.createdCount()).as("one Salesforce Lead per acknowledged lead, never two")
                .isEqualTo(salesforce.distinctLeads());
        assertThat(salesforce.distinctLeads()).isGreaterThanOrEqualTo(acknowledged.size());
    }

    private void postLeads(int threads, int perThread, String batch, Set<String> acknowledged, Runnable onAck)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String body = "{\"email\":\"%s-%d-%d@example.com\",\"first_name\":\"E2E\",\"company\":\"Crash Test\"}"
                            .formatted(batch, thread, i);
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/intake/form-website"))
                                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            acknowledged.add(JSON.readTree(response.body()).path("leadId").asText());
                            if (onAck != null) {
                                onAck.run();
                            }
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
    }

    private Process startApp(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "e2e-" + name + ".log");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-jar", jar().toString(),
                "--server.port=" + port,
                "--leadrouter.security.admin-token=" + TOKEN,
                "--leadrouter.sources.form-website.rate-limit=0",
                "--leadrouter.sources.hook-hubspot.secret=e2e-hubspot-client-secret",
                "--leadrouter.sources.hook-salesforce-outbound.organization-ids=00D5g000004ZxQv",
                "--leadrouter.sources.hook-typeform.secret=e2e-typeform-secret",
                "--leadrouter.sources.hook-meta-leadgen.secret=e2e-meta-app-secret",
                "--leadrouter.sources.hook-meta-leadgen.access-token=e2e-meta-access-token",
                "--leadrouter.sources.hook-google-ads.secret=e2e-google-ads-key",
                "--leadrouter.sources.hook-gravity-forms.secret=e2e-gravity-forms-secret",
                "--leadrouter.crm.salesforce.enabled=true",
                "--leadrouter.crm.salesforce.poll-interval=PT0.1S",
                "--leadrouter.crm.salesforce.lease=PT5S",
                "--camel.component.salesforce.login-url=" + salesforce.baseUrl(),
                "--camel.component.salesforce.client-id=e2e-client",
                "--camel.component.salesforce.client-secret=e2e-secret",
                "--camel.component.salesforce.user-name=e2e@example.com",
                "--camel.component.salesforce.password=e2e-password")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toAbsolutePath().toFile())
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

    private JsonNode lead(String leadId) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/leads/" + leadId))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
