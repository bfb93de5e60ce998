package io.leadrouter.ledger;

import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Bearer tokens for reps and partners ({@code lr_rep_…}) and for integrations ({@code lr_int_…}: systems that submit and
 * read leads). Only a SHA-256 of each token is stored, so the table never leaks a usable
 * token; a presented token is hashed and looked up by its unique hash (the hash, not the secret, is compared).
 */
public class RepTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "lr_rep_";
    private static final String INTEGRATION_PREFIX = "lr_int_";
    private static final String REP = "rep";
    private static final String INTEGRATION = "integration";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RepTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A token as listed: never the secret itself. */
    public record TokenInfo(String id, String repId, String label, Instant createdAt, String createdBy, Instant revokedAt,
                            String revokedBy) {
    }

    /** A newly issued token: {@code secret} is shown once and never stored. */
    public record Issued(TokenInfo info, String secret) {
    }

    public Issued issue(String repId, String label, String actor) {
        return issue(REP, PREFIX, repId, label, actor);
    }

    /** A token for the integration {@code name} (a system that submits and reads leads). */
    public Issued issueIntegration(String name, String label, String actor) {
        return issue(INTEGRATION, INTEGRATION_PREFIX, name, label, actor);
    }

    private Issued issue(String role, String prefix, String owner, String label, String actor) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = prefix + HexFormat.of().formatHex(random);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO rep_tokens (id, rep_id, token_hash, label, created_at, created_by, role) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, owner, hash(secret), label, Timestamp.from(now), actor, role);
        return new Issued(new TokenInfo(id, owner, label, now, actor, null, null), secret);
    }

    /** The rep a live token belongs to. */
    public Optional<String> repFor(String secret) {
        return ownerOf(REP, PREFIX, secret);
    }

    /** The integration a live integration token belongs to. */
    public Optional<String> integrationFor(String secret) {
        return ownerOf(INTEGRATION, INTEGRATION_PREFIX, secret);
    }

    private Optional<String> ownerOf(String role, String prefix, String secret) {
        if (secret == null || !secret.startsWith(prefix) || secret.length() > 200) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT rep_id FROM rep_tokens WHERE token_hash = ? AND role = ? AND revoked_at IS NULL",
                String.class, hash(secret), role).stream().findFirst();
    }

    public List<TokenInfo> list(String repId) {
        return list(REP, repId);
    }

    public List<TokenInfo> listIntegration(String name) {
        return list(INTEGRATION, name);
    }

    private List<TokenInfo> list(String role, String owner) {
        return jdbc.query("SELECT id, rep_id, label, created_at, created_by, revoked_at, revoked_by FROM rep_tokens"
                        + " WHERE rep_id = ? AND role = ? ORDER BY created_at",
                (rs, i) -> new TokenInfo(rs.getString(1), rs.getString(2), rs.getString(3), LeadLedger.instant(rs, 4),
                        rs.getString(5), LeadLedger.instant(rs, 6), rs.getString(7)), owner, role);
    }

    /** Revokes a token of the rep; false when there is no such live token. */
    public boolean revoke(String repId, String tokenId, String actor) {
        return revoke(REP, repId, tokenId, actor);
    }

    /** Revokes a token of the integration; false when there is no such live token. */
    public boolean revokeIntegration(String name, String tokenId, String actor) {
        return revoke(INTEGRATION, name, tokenId, actor);
    }

    private boolean revoke(String role, String owner, String tokenId, String actor) {
        return jdbc.update("UPDATE rep_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND rep_id = ? AND role = ?"
                        + " AND revoked_at IS NULL", Timestamp.from(clock.instant()), actor, tokenId, owner, role) == 1;
    }

    /** Looks like one of our tokens (so a wrong one is reported as a rep token, not as a wrong admin token). */
    public static boolean looksLikeRepToken(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    /** Looks like an integration token. */
    public static boolean looksLikeIntegrationToken(String presented) {
        return presented != null && presented.startsWith(INTEGRATION_PREFIX);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
