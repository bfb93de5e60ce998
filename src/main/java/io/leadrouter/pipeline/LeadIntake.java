package io.leadrouter.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.lead.LeadValidation;
import io.leadrouter.ledger.GroupCommitter;
import io.leadrouter.ledger.Receipt;
import io.leadrouter.ledger.Submission;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.mapping.SourceMapping;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code leadIntake} of the {@code lead-intake-sink} kamelet: maps a raw submission with its source's
 * mapping, answers 422 with every field problem, or commits it durably and only then answers 202 with the lead id.
 */
public class LeadIntake {
    static final String SOURCE_HEADER = "LeadRouterSource";
    private static final Logger LOG = LoggerFactory.getLogger(LeadIntake.class);

    private final MappingCatalog mappings;
    private final GroupCommitter committer;
    private final ObjectMapper json;
    private final Duration ackTimeout;

    public LeadIntake(MappingCatalog mappings, GroupCommitter committer, ObjectMapper json, Duration ackTimeout) {
        this.mappings = mappings;
        this.committer = committer;
        this.json = json;
        this.ackTimeout = ackTimeout;
    }

    public void accept(Exchange exchange) {
        try {
            mapAndCommit(exchange);
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.error("intake failed unexpectedly; answered 500, nothing acknowledged: {}", e.getClass().getName(), e);
            Responses.reject(exchange, 500, null,
                    "internal error; the lead was not acknowledged — retry with the same Idempotency-Key");
        }
    }

    private void mapAndCommit(Exchange exchange) throws JsonProcessingException {
        String sourceId = exchange.getMessage().getHeader(SOURCE_HEADER, String.class);
        RawSubmission raw = exchange.getMessage().getBody(RawSubmission.class);
        Optional<SourceMapping> mapping = Optional.ofNullable(sourceId).flatMap(mappings::find);
        if (mapping.isEmpty() || raw == null) {
            Responses.reject(exchange, 404, "sourceId", "source '" + sourceId + "' has no mapping file mappings/" + sourceId + ".mapping.yaml");
            return;
        }
        LeadValidation validation = mapping.get().apply(raw.fields());
        if (!validation.isValid()) {
            Responses.reject(exchange, 422, validation.violations());
            return;
        }
        String payload = json.writeValueAsString(raw.fields());
        Submission submission = new Submission(sourceId, idempotencyKey(sourceId, raw, payload), raw.contentType(),
                payload, json.writeValueAsString(validation.lead()));
        try {
            Receipt receipt = committer.submit(submission).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Responses.answer(exchange, receipt.duplicate() ? 200 : 202,
                    json.writeValueAsString(Map.of("leadId", receipt.leadId(), "duplicate", receipt.duplicate())));
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("lead from {} not acknowledged: {}", sourceId, e.toString());
            Responses.reject(exchange, 503, null,
                    "the lead could not be stored right now and is not acknowledged; retry with the same Idempotency-Key");
            exchange.getMessage().setHeader("Retry-After", "5");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Responses.reject(exchange, 503, null, "shutting down; retry with the same Idempotency-Key");
        }
    }

    /** The client's key when given, else a digest of what was submitted: the same submission twice is one lead. */
    static String idempotencyKey(String sourceId, RawSubmission raw, String payloadJson) {
        if (raw.idempotencyKey() != null) {
            return sourceId + ":k:" + raw.idempotencyKey();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sourceId + ":h:" + HexFormat.of().formatHex(sha.digest(payloadJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
