package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a real PostgreSQL that is stopped and started again: while it is down, intake answers 503
 * fast (never an acknowledgement), readiness is DOWN, each stage logs the outage once (no stack trace per poll); once
 * it is back everything resumes by itself and the leads acknowledged before the outage are still there.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutagePgTest extends AbstractAppTest {
    static final Path DATA = tempDir();
    static final int PORT = freePort();
    static EmbeddedPostgres postgres = startPostgres();

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    @DynamicPropertySource
    static void postgresql(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.jdbc-url", () -> "jdbc:postgresql://localhost:" + PORT + "/postgres");
        registry.add("leadrouter.test.database", () -> "outage");
        registry.add("camel.component.servlet.servlet-name", () -> "DatabaseOutageTestServlet");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
        try (Stream<Path> files = Files.walk(DATA)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void intakeRefusesFastAndReadinessGoesDownWhileTheDatabaseIsDownThenEverythingResumes(CapturedOutput output) throws Exception {
        String before = postLead("{\"email\":\"before-outage@example.org\",\"last_name\":\"Before\",\"company\":\"Acme\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ASSIGNED".equals(lead(before).path("status").asText()));
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(postgresSetting("statement_timeout")).as("statement_timeout of the app's connections").isEqualTo("8s");
        assertThat(postgresSetting("lock_timeout")).isEqualTo("3s");
        assertThat(dataSource.unwrap(com.zaxxer.hikari.HikariDataSource.class).getDataSourceProperties())
                .as("batches as multi-row statements, sent through a 64 KB buffer")
                .containsEntry("reWriteBatchedInserts", "true").containsEntry("maxSendBufferSize", "65536");

        postgres.close();

        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HttpResponse<String> refused = post("/intake/form-website", "application/json",
                    "{\"email\":\"during-outage-" + i + "@example.org\",\"last_name\":\"During\",\"company\":\"Acme\"}");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(refused.statusCode()).as("answer while the database is down: %s", refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(took).as("503 well before the 10 s ack timeout (pool timeout 3 s)").isLessThan(Duration.ofSeconds(5));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> readiness = get("/actuator/health/readiness", null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(json.readTree(readiness.body()).at("/components/db/status").asText()).isEqualTo("DOWN");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("stage lead-processor paused"));
        int stackLines = count(output, "\tat ");
        double failedPolls = failedPolls();
        await().atMost(Duration.ofSeconds(60)).until(() -> failedPolls() >= failedPolls + 3);
        assertThat(count(output, "\tat ")).as("no stack trace per failed poll or readiness probe").isEqualTo(stackLines);

        assertThat(count(output, "stage lead-processor paused: the database is unavailable")).as("logged once per outage").isEqualTo(1);
        assertThat(count(output, "database unavailable: intake answers 503")).isEqualTo(1);
        assertThat(count(output, "Exhausted after delivery attempt")).as("Camel's per-poll failure log is off").isZero();
        assertThat(count(output, "DataSource health check failed")).as("no stack trace per readiness probe").isZero();

        postgres = startPostgres();

        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> output.toString().contains("stage lead-processor works again"));
        String after = postLead("{\"email\":\"after-outage@example.org\",\"last_name\":\"After\",\"company\":\"Acme\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> "ASSIGNED".equals(lead(after).path("status").asText()));
        assertThat(lead(before).path("status").asText()).isEqualTo("ASSIGNED");
        assertThat(count(output, "database available again")).isEqualTo(1);
    }

    /** A setting as the application's own pooled connections have it. */
    private String postgresSetting(String name) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private double failedPolls() throws Exception {
        return MetricsTest.sum(get("/actuator/prometheus", null).body(), "camel_exchanges_failed_total",
                Map.of("routeId", "lead-processor"));
    }

    private static int count(CapturedOutput output, String text) {
        int count = 0;
        for (int at = output.toString().indexOf(text); at >= 0; at = output.toString().indexOf(text, at + 1)) {
            count++;
        }
        return count;
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false).setPort(PORT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("leadrouter-outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
