package io.leadrouter;

import static io.leadrouter.testing.PackagedJar.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The container image ({@code target/jib-image.tar}, built by {@code -Pimage}) run through
 * {@code src/image/run-rootfs.sh} the way the chart runs it — its own entrypoint, read-only root, uid 65532, the chart's
 * default {@code javaOptions} as {@code JAVA_TOOL_OPTIONS} — loads the application's classes from its class data sharing
 * archive, becomes ready and takes a lead; with JVM options the archive does not fit it still starts, without the
 * archive. Runs only with {@code ./mvnw -Pimage verify} (as root: mount namespaces).
 */
class ImageE2ETest {
    private static final String SHARED = "io.leadrouter.LeadRouterApplication source: shared objects file (top)";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theImageStartsFromItsClassDataSharingArchiveWithTheChartsJavaOptions() throws Exception {
        int port = freePort();
        int management = freePort();
        Path log = Path.of("target", "image-e2e.log").toAbsolutePath();
        // what the JVM chooses by itself in the chart's 512 MiB container: a 512 MiB budget and the serial collector
        Process image = runImage(log, "SERVER_PORT=" + port, "MANAGEMENT_SERVER_PORT=" + management,
                "LEADROUTER_ADMIN_TOKEN=image-e2e-admin-token-0123456789",
                "JAVA_TOOL_OPTIONS=" + chartJavaOptions() + " -XX:MaxRAM=512m -XX:+UseSerialGC -Xlog:class+load=info");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(image.isAlive()).as("the image's JVM exited; see " + log).isTrue();
            return status("http://localhost:" + management + "/actuator/health/readiness") == 200;
        });
        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/intake/form-website"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"image@example.com\",\"last_name\":\"Image\",\"company\":\"Jib\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        String output = Files.readString(log);
        assertThat(output).as("the entrypoint's -XX:SharedArchiveFile; see " + log).contains(SHARED);
        assertThat(output).as("Spring's and Camel's classes come from the archive too")
                .contains("org.springframework.context.support.AbstractApplicationContext source: shared objects file (top)",
                        "org.apache.camel.CamelContext source: shared objects file (top)");
    }

    @Test
    void aJvmThatCannotUseTheArchiveStartsWithoutIt() throws Exception {
        Path log = Path.of("target", "image-e2e-no-archive.log").toAbsolutePath();
        // 64-bit object pointers do not match the archive (made with compressed ones): -Xshare:auto runs without it
        Process image = runImage(log, "JAVA_TOOL_OPTIONS=" + chartJavaOptions()
                + " -XX:-UseCompressedOops -Xlog:class+load=info -Dspring.context.exit=onRefresh");
        assertThat(image.waitFor(120, TimeUnit.SECONDS)).as("the context refreshed and the JVM exited; see " + log).isTrue();
        String output = Files.readString(log);
        assertThat(image.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain(SHARED).contains("io.leadrouter.LeadRouterApplication source: file:/app/classpath/");
    }

    private Process runImage(Path log, String... environment) throws IOException {
        Path tar = Path.of(System.getProperty("leadrouter.image", "target/jib-image.tar"));
        assertThat(tar).as("the image (./mvnw -Pimage verify builds it)").exists();
        List<String> command = new ArrayList<>(List.of("sh", "src/image/run-rootfs.sh", tar.toAbsolutePath().toString(),
                workDir.resolve("rootfs").toString()));
        command.addAll(List.of(environment));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        return process;
    }

    /** The chart's default {@code javaOptions} (its pods' {@code JAVA_TOOL_OPTIONS}). */
    private static String chartJavaOptions() throws IOException {
        try (InputStream values = Files.newInputStream(Path.of("helm", "leadrouter", "values.yaml"))) {
            Map<String, Object> yaml = new Yaml().load(values);
            return (String) yaml.get("javaOptions");
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
