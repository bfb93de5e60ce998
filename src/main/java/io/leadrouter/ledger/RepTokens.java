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
 * Bearer tokens for reps and partners. Only a SHA-256 of each token is stored, so the table never leaks a usable
 * token; a presented token is hashed and looked up by its unique hash (the hash, not the secret, is compared).
 */
public class RepTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "lr_rep_";

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
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = PREFIX + HexFormat.of().formatHex(random);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.update("INSERT INTO rep_tokens (id, rep_id, token_hash, label, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                id, repId, hash(secret), label, Timestamp.from(now), actor);
        return new Issued(new TokenInfo(id, repId, label, now, actor, null, null), secret);
    }

    /** The rep a live token belongs to. */
    public Optional<String> repFor(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        return jdbc.queryForList("SELECT rep_id FROM rep_tokens WHERE token_hash = ? AND revoked_at IS NULL", String.class,
                hash(secret)).stream().findFirst();
    }

    public List<TokenInfo> list(String repId) {
        return jdbc.query("SELECT id, rep_id, label, created_at, created_by, revoked_at, revoked_by FROM rep_tokens"
                        + " WHERE rep_id = ? ORDER BY created_at",
                (rs, i) -> new TokenInfo(rs.getString(1), rs.getString(2), rs.getString(3), LeadLedger.instant(rs, 4),
                        rs.getString(5), LeadLedger.instant(rs, 6), rs.getString(7)), repId);
    }

    /** Revokes a token of the rep; false when there is no such live token. */
    public boolean revoke(String repId, String tokenId, String actor) {
        return jdbc.update("UPDATE rep_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND rep_id = ? AND revoked_at IS NULL",
                Timestamp.from(clock.instant()), actor, tokenId, repId) == 1;
    }

    /** Looks like one of our tokens (so a wrong one is reported as a rep token, not as a wrong admin token). */
    public static boolean looksLikeRepToken(String presented) {
        return presented != null && presented.startsWith(PREFIX);
    }

    private static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
