package io.leadrouter.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.leadrouter.distribution.Assign;
import io.leadrouter.distribution.Enqueue;
import io.leadrouter.distribution.Offer;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Hold;
import io.leadrouter.distribution.RepSkip;
import io.leadrouter.distribution.RuleTrial;
import io.leadrouter.distribution.StepTrial;
import io.leadrouter.distribution.Trace;
import io.leadrouter.lead.Lead;
import java.io.IOException;

/**
 * The JSON the ledger keeps for decisions and CRM writes, built with prepared readers and writers: a decision
 * carries {@code "outcome": "ASSIGN" | "ENQUEUE" | "OFFER" | "HOLD"}, and a CRM write embeds the stored lead JSON as it is.
 */
final class DecisionJson {

    /** Adds the outcome discriminator without putting Jackson annotations into the engine. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
    @JsonSubTypes({@JsonSubTypes.Type(value = Assign.class, name = "ASSIGN"), @JsonSubTypes.Type(value = Enqueue.class, name = "ENQUEUE"),
            @JsonSubTypes.Type(value = Offer.class, name = "OFFER"), @JsonSubTypes.Type(value = Hold.class, name = "HOLD")})
    private interface DecisionMixIn {
    }

    /**
     * The outbox payload of one CRM write: which lead, to whom (a rep's id, or the id representing the queue), by which
     * rule, the pull queue it waits in ({@code queueId}, only while queued), and the canonical lead.
     */
    record CrmWrite(String leadId, String ownerId, String ruleId,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String queueId, @JsonRawValue String lead) {
    }

    private final ObjectReader leadReader;
    private final ObjectWriter decisionWriter;
    private final ObjectWriter crmWriteWriter;

    DecisionJson(ObjectMapper json) {
        ObjectMapper mapper = json.copy().addMixIn(Decision.class, DecisionMixIn.class)
                .registerModule(new SimpleModule("decision-trace").addSerializer(Trace.class, new TraceSerializer()));
        this.leadReader = mapper.readerFor(Lead.class);
        this.decisionWriter = mapper.writerFor(Decision.class);
        this.crmWriteWriter = mapper.writerFor(CrmWrite.class);
    }

    Lead lead(String leadJson) throws JsonProcessingException {
        return leadReader.readValue(leadJson);
    }

    String decision(Decision decision) throws JsonProcessingException {
        return decisionWriter.writeValueAsString(decision);
    }

    String crmWrite(CrmWrite write) throws JsonProcessingException {
        return crmWriteWriter.writeValueAsString(write);
    }

    /**
     * A decision's trace written field by field: every decision carries one, with a trial per rule tried (ten for a lead
     * that matches the tenth rule), and the general bean serializer's per-property work was half of the 5 µs a decision
     * took to write (async-profiler, 64 connections). Same JSON as the records' default form, which
     * DecisionJsonWriterTest compares it with for every kind of decision.
     */
    private static final class TraceSerializer extends StdSerializer<Trace> {
        private static final SerializedString RULES = new SerializedString("rules");
        private static final SerializedString RULE_ID = new SerializedString("ruleId");
        private static final SerializedString MATCHED = new SerializedString("matched");
        private static final SerializedString DETAIL = new SerializedString("detail");
        private static final SerializedString SKIPPED = new SerializedString("skipped");
        private static final SerializedString REP_ID = new SerializedString("repId");
        private static final SerializedString REASON = new SerializedString("reason");
        private static final SerializedString STEPS = new SerializedString("steps");
        private static final SerializedString INDEX = new SerializedString("index");
        private static final SerializedString STEP = new SerializedString("step");
        private static final SerializedString OUTCOME = new SerializedString("outcome");
        private static final SerializedString SUMMARY = new SerializedString("summary");

        TraceSerializer() {
            super(Trace.class);
        }

        @Override
        public void serialize(Trace trace, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeFieldName(RULES);
            out.writeStartArray();
            for (RuleTrial rule : trace.rules()) {
                out.writeStartObject();
                out.writeFieldName(RULE_ID);
                out.writeString(rule.ruleId());
                out.writeFieldName(MATCHED);
                out.writeBoolean(rule.matched());
                out.writeFieldName(DETAIL);
                out.writeString(rule.detail());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeFieldName(SKIPPED);
            out.writeStartArray();
            for (RepSkip skip : trace.skipped()) {
                out.writeStartObject();
                out.writeFieldName(REP_ID);
                out.writeString(skip.repId());
                out.writeFieldName(REASON);
                out.writeString(skip.reason());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeFieldName(STEPS);
            out.writeStartArray();
            for (StepTrial step : trace.steps()) {
                out.writeStartObject();
                out.writeFieldName(INDEX);
                out.writeNumber(step.index());
                out.writeFieldName(STEP);
                out.writeString(step.step());
                out.writeFieldName(OUTCOME);
                out.writeString(step.outcome());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeFieldName(SUMMARY);
            out.writeString(trace.summary());
            out.writeEndObject();
        }
    }
}
