package io.leadrouter;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * created in Salesforce exactly once (re-sent upserts after the kill only update the same record).
 */
class CrashRecoveryE2ETest {
    private static final String TOKEN = "e2e-admin-token-abcdef012345";
    private static final String UPSERT_PREFIX = "/services/data/v59.0/sobjects/Lead/LeadRouter_Id__c/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    private final StatefulSalesforce records = new StatefulSalesforce();
    private WireMockServer salesforce;
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
        salesforce = new WireMockServer(options().dynamicPort().extensions(records));
        salesforce.start();
        salesforce.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(("{\"access_token\":\"00D000000000001!E2E\",\"instance_url\":\"%1$s\","
                        + "\"id\":\"%1$s/id/00D000000000001AAA/005000000000099AAA\",\"token_type\":\"Bearer\","
                        + "\"issued_at\":\"1700000000000\",\"signature\":\"c2ln\"}").formatted(salesforce.baseUrl()))));
        salesforce.stubFor(patch(urlPathMatching(UPSERT_PREFIX + ".*"))
                .willReturn(aResponse().withTransformers(StatefulSalesforce.NAME)));
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
                .until(() -> acknowledged.stream().allMatch(records::created));
        for (String leadId : acknowledged) {
            JsonNode view = lead(leadId);
            assertThat(view.path("status").asText()).as(leadId).isEqualTo("ASSIGNED");
            assertThat(records.owners(leadId)).as("every upsert of %s carries one owner", leadId).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.stream()
                .allMatch(id -> lead(id).path("crm").path(0).path("status").asText().equals("WRITTEN")));
        assertThat(records.createdCount()).as("one Salesforce Lead per acknowledged lead, never two")
                .isEqualTo(records.distinctLeads());
        assertThat(records.distinctLeads()).isGreaterThanOrEqualTo(acknowledged.size());
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
                "--leadrouter.crm.salesforce.enabled=true",
                "--leadrouter.crm.salesforce.poll-interval=PT0.1S",
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

    private static Path jar() {
        Path jar = Path.of(System.getProperty("leadrouter.jar", "target/leadrouter-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (run through ./mvnw verify)").exists();
        return jar.toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** Salesforce upsert semantics: the first PATCH of an external id creates (201), later ones update (200). */
    static final class StatefulSalesforce implements ResponseDefinitionTransformerV2 {
        static final String NAME = "stateful-salesforce-upsert";
        private final Map<String, List<String>> ownersByLead = new ConcurrentHashMap<>();
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            String url = event.getRequest().getUrl();
            String leadId = url.substring(url.lastIndexOf('/') + 1);
            String owner;
            try {
                owner = JSON.readTree(event.getRequest().getBodyAsString()).path("OwnerId").asText();
            } catch (IOException e) {
                return new ResponseDefinition(400, "[{\"errorCode\":\"JSON_PARSER_ERROR\",\"message\":\"bad body\"}]");
            }
            boolean isNew;
            synchronized (ownersByLead) {
                isNew = !ownersByLead.containsKey(leadId);
                ownersByLead.computeIfAbsent(leadId, k -> new ArrayList<>()).add(owner);
            }
            if (isNew) {
                created.incrementAndGet();
            }
            String id = "00Q" + String.format("%015d", Math.abs(leadId.hashCode()));
            return com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(isNew ? 201 : 200).withHeader("Content-Type", "application/json")
                    .withBody("{\"id\":\"" + id + "\",\"success\":true,\"errors\":[],\"created\":" + isNew + "}").build();
        }

        boolean created(String leadId) {
            return ownersByLead.containsKey(leadId);
        }

        Set<String> owners(String leadId) {
            synchronized (ownersByLead) {
                return Set.copyOf(ownersByLead.getOrDefault(leadId, List.of()));
            }
        }

        int createdCount() {
            return created.get();
        }

        int distinctLeads() {
            return ownersByLead.size();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
