package io.leadrouter.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.leadrouter.distribution.Assign;
import io.leadrouter.distribution.Enqueue;
import io.leadrouter.distribution.Offer;
import io.leadrouter.distribution.Decision;
import io.leadrouter.distribution.Hold;
import io.leadrouter.lead.Lead;

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
        ObjectMapper mapper = json.copy().addMixIn(Decision.class, DecisionMixIn.class);
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
}
