package io.leadrouter.ledger;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads kept rejections: submissions (or events of a batch) that did not map, with their reasons and raw bytes. */
public class Rejections {
    private static final int PREVIEW_BYTES = 64 * 1024;

    private final JdbcTemplate jdbc;

    public Rejections(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One kept rejection; {@code submitted} is the raw body as text (first 64 KiB), {@code leadId} set once replayed. */
    public record Rejection(String rejectionId, String submissionId, String sourceId, int eventIndex, String reasonsJson,
            Instant rejectedAt, Instant replayedAt, String leadId, String contentType, String submitted) {
    }

    /** Newest first; {@code sourceId} null = every source; {@code open}: only those not replayed into a lead. */
    public List<Rejection> list(String sourceId, boolean open, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        if (sourceId != null) {
            sql.append(" AND r.source_id = ?");
            args.add(sourceId);
        }
        if (open) {
            sql.append(" AND r.lead_id IS NULL");
        }
        sql.append(" ORDER BY r.rejection_id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(sql.toString(), Rejections::row, args.toArray());
    }

    public Optional<Rejection> find(String rejectionId) {
        return jdbc.query(SELECT + " WHERE r.rejection_id = ?", Rejections::row, rejectionId).stream().findFirst();
    }

    private static final String SELECT = "SELECT r.rejection_id, r.submission_id, r.source_id, r.event_index, r.reasons, r.rejected_at,"
            + " r.replayed_at, r.lead_id, s.content_type, s.body FROM rejections r JOIN submissions s ON s.submission_id = r.submission_id";

    private static Rejection row(ResultSet rs, int n) throws SQLException {
        byte[] body = rs.getBytes(10);
        String text = new String(body, 0, Math.min(body.length, PREVIEW_BYTES), StandardCharsets.UTF_8);
        return new Rejection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), instant(rs.getTimestamp(6)),
                instant(rs.getTimestamp(7)), rs.getString(8), rs.getString(9), text);
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
