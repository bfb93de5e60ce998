package io.leadrouter.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's bearer token: configured (env {@code LEADROUTER_ADMIN_TOKEN}), else kept in the data folder;
 * on the very first start one is generated and stored there (never logged).
 */
public final class AdminToken {
    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);
    private static final String FILE_NAME = "admin-token";

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static AdminToken resolve(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new AdminToken(configured.strip());
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new AdminToken(Files.readString(file).strip());
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            Files.createDirectories(dataDir);
            Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
            restrictToOwner(file);
            // never logged: logs are collected and kept where anyone with log access would read it
            LOG.warn("Generated the admin API token and stored it in {} (readable by this user only): read it there, or set"
                    + " LEADROUTER_ADMIN_TOKEN (with several replicas: from a Secret)", file);
            return new AdminToken(generated);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file, e);
        }
    }

    /** Constant-time comparison with a presented token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("could not restrict permissions of {}", file, e);
        }
    }
}
