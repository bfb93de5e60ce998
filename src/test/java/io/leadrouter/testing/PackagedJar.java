package io.leadrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the end-to-end tests need to run the packaged jar: the jar itself, a free port, a copy of the config folders. */
public final class PackagedJar {
    private PackagedJar() {
    }

    /** The jar {@code ./mvnw verify} packaged (or {@code -Dleadrouter.jar=…}). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("leadrouter.jar", "target/leadrouter-0.1.0-SNAPSHOT.jar"));
        assertThat(jar).as("the packaged jar (run through ./mvnw verify)").exists();
        return jar.toAbsolutePath();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Copies {@code from} (routes/, mappings/, policy/…) with everything below it to {@code to}. */
    public static void copyFolder(Path from, Path to) throws IOException {
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
}
