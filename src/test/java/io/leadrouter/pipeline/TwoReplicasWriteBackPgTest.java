package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.leadrouter.LeadRouterApplication;
import io.leadrouter.testing.FakeSalesforce;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.leadrouter.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two replicas — two whole applications, each with its own Camel context and Salesforce writer — over one PostgreSQL,
 * writing one outbox through the real camel-salesforce to one WireMock Salesforce: leads posted to either replica are
 * each written exactly once (WireMock's journal), none lost.
 */
class TwoReplicasWriteBackPgTest {
    private static final int LEADS = 1000;
    private static final String TOKEN = "replica-admin-token-0123456789";
    private static final FakeSalesforce SALESFORCE = FakeSalesforce.start();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedPostgres postgres;
    private static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        for (int i = 0; i < 2; i++) {
            replicas.add(new SpringApplicationBuilder(LeadRouterApplication.class).run(arguments(Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres")),
                    Map.entry("spring.datasource.username", "postgres"),
                    Map.entry("spring.datasource.password", ""),
                    Map.entry("leadrouter.data-dir", TempDirs.create("leadrouter-replica-" + i).toString()),
                    Map.entry("leadrouter.security.admin-token", TOKEN),
                    Map.entry("leadrouter.sources.form-website.rate-limit", "0"),
                    Map.entry("leadrouter.processing.same-lead-window", "PT0S"),
                    Map.entry("camel.component.servlet.servlet-name", "ReplicaServlet" + i),
                    Map.entry("camel.main.name", "replica-" + i),
                    Map.entry("leadrouter.crm.salesforce.enabled", "true"),
                    Map.entry("leadrouter.crm.salesforce.calls-per-second", "0"),
                    Map.entry("camel.component.salesforce.login-url", SALESFORCE.baseUrl()),
                    Map.entry("camel.component.salesforce.authentication-type", "USERNAME_PASSWORD"),
                    Map.entry("camel.component.salesforce.client-id", "test-client-id"),
                    Map.entry("camel.component.salesforce.client-secret", "test-client-secret"),
                    Map.entry("camel.component.salesforce.user-name", "integration@example.com"),
                    Map.entry("camel.component.salesforce.password", "test-password")))));
        }
    }

    /** Command-line arguments, so they win over application.yaml (server.port above all). */
    private static String[] arguments(Map<String, String> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @AfterAll
    static void stop() throws Exception {
        for (ConfigurableApplicationContext replica : replicas) {
            replica.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        SALESFORCE.stop();
    }

    @Test
    void leadsPostedToEitherReplicaAreEachWrittenOnce() throws Exception {
        String marker = "replica-" + UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> leadIds = new HashSet<>();
        try {
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                parts.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = thread; i < LEADS; i += 8) {
                        ids.add(post(replicas.get(i % 2), "{\"email\":\"" + marker + "-" + i + "@example.com\"}"));
                    }
                    return ids;
                }));
            }
            for (Future<List<String>> part : parts) {
                leadIds.addAll(part.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(leadIds).hasSize(LEADS);

        JdbcTemplate jdbc = replicas.get(0).getBean(JdbcTemplate.class);
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM crm_writes WHERE crm = 'salesforce' AND status = 'WRITTEN'", Integer.class) == LEADS);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Integer.class)).isZero();

        Map<String, Integer> accepted = new HashMap<>();
        for (ServeEvent call : SALESFORCE.server().getAllServeEvents()) {
            if (!call.getRequest().getUrl().equals(FakeSalesforce.UPSERT) || call.getResponse().getStatus() != 200) {
                continue;
            }
            for (JsonNode record : JSON.readTree(call.getRequest().getBodyAsString()).path("records")) {
                accepted.merge(record.path(FakeSalesforce.EXTERNAL_ID).asText(), 1, Integer::sum);
            }
        }
        assertThat(accepted.keySet()).containsExactlyInAnyOrderElementsOf(leadIds);
        assertThat(accepted.values()).as("each record written exactly once across both replicas").containsOnly(1);
    }

    private static String post(ConfigurableApplicationContext replica, String body) throws Exception {
        String port = replica.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/intake/form-website"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("leadId").asText();
    }
}
