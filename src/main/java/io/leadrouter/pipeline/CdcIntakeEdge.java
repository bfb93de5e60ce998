package io.leadrouter.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.RawSubmission;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.SalesforceConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code leadCdcEdge} of the {@code lead-cdc-source} kamelet: turns one Change Data Capture event received over
 * the Salesforce Pub/Sub API (an Avro record) into a {@link RawSubmission}: the JSON of the event shaped like the
 * Streaming API delivers it — {@code {"schema", "payload": {ChangeEventHeader, fields…}, "event": {"replayId",
 * "EventUuid"}}}, fields left null (unchanged in an update) omitted — keyed by {@code transactionKey} and
 * {@code sequenceNumber}, so an event delivered again (a resubscription replays it) is stored once. Only events that
 * can matter are submitted: creations and updates that change {@code OwnerId}; deletes, other updates and gap events
 * are dropped here.
 */
public class CdcIntakeEdge {
    private static final Logger LOG = LoggerFactory.getLogger(CdcIntakeEdge.class);

    private final ObjectMapper json;

    public CdcIntakeEdge(ObjectMapper json) {
        this.json = json;
    }

    /** The body becomes a RawSubmission, or null for an event that is neither a creation nor an owner change. */
    public void read(Exchange exchange, String sourceId) throws JsonProcessingException {
        Object record = exchange.getMessage().getBody();
        String replayId = exchange.getMessage().getHeader(SalesforceConstants.HEADER_SALESFORCE_PUBSUB_REPLAY_ID, String.class);
        String eventId = exchange.getMessage().getHeader(SalesforceConstants.HEADER_SALESFORCE_PUBSUB_EVENT_ID, String.class);
        DefaultMessage submission = new DefaultMessage(exchange);
        submission.setBody(submission(record, replayId, eventId, sourceId));
        exchange.setMessage(submission);
    }

    /** A submission that was not stored is logged: the Pub/Sub API has no negative acknowledgement. */
    public void answer(Exchange exchange, String sourceId) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof IntakeOutcome.Refused || body instanceof IntakeOutcome.Unavailable) {
            LOG.error("a {} change event was not stored: {}", sourceId, body);
        }
    }

    RawSubmission submission(Object record, String replayId, String eventId, String sourceId) throws JsonProcessingException {
        if (!(record instanceof IndexedRecord event)) {
            LOG.warn("ignored a {} event that is not an Avro record ({})", sourceId, record == null ? "null" : record.getClass().getName());
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) plain(event);
        if (!(payload.get("ChangeEventHeader") instanceof Map<?, ?> header)) {
            LOG.warn("ignored a {} event without ChangeEventHeader (replay id {})", sourceId, replayId);
            return null;
        }
        Object changeType = header.get("changeType");
        if (!"CREATE".equals(changeType) && !("UPDATE".equals(changeType) && payload.get("OwnerId") != null)) {
            LOG.debug("ignored a {} {} event (replay id {})", sourceId, changeType, replayId);
            return null;
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("replayId", replayId);
        meta.put("EventUuid", eventId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", event.getSchema().getFullName());
        body.put("payload", payload);
        body.put("event", meta);
        Object transaction = header.get("transactionKey");
        String key = transaction == null ? replayId : transaction + ":" + header.get("sequenceNumber");
        return new RawSubmission(sourceId, "application/json", json.writeValueAsBytes(body), Map.of(), key);
    }

    /** An Avro value as plain JSON values: records → maps without their null fields, strings, enums → strings. */
    static Object plain(Object value) {
        if (value instanceof IndexedRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Schema.Field field : record.getSchema().getFields()) {
                Object plain = plain(record.get(field.pos()));
                if (plain != null) {
                    fields.put(field.name(), plain);
                }
            }
            return fields;
        }
        if (value instanceof CharSequence || value instanceof GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> plainMap = new LinkedHashMap<>();
            map.forEach((k, v) -> plainMap.put(String.valueOf(k), plain(v)));
            return plainMap;
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return Base64.getEncoder().encodeToString(raw);
        }
        if (value instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        return value;
    }
}
