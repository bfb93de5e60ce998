package io.leadrouter.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.ledger.CrmRosters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.camel.ProducerTemplate;

/**
 * Fetches Salesforce's roster with SOQL through camel-salesforce's {@code query} (and {@code queryMore} while Salesforce
 * says {@code done: false}): the active users, and the members of every Queue (their Group ids are what pull leads
 * are owned by). A user missing from the answer is not active.
 */
public class SalesforceRoster {
    static final String USERS = "SELECT Id, IsActive, Email FROM User WHERE IsActive = true";
    static final String QUEUE_MEMBERS = "SELECT GroupId, UserOrGroupId FROM GroupMember WHERE Group.Type = 'Queue'";
    /** The camel-salesforce endpoints (raw JSON answers); callers may route to them through their own endpoints. */
    public static final String QUERY = "salesforce:query?rawPayload=true";
    public static final String QUERY_MORE = "salesforce:queryMore?rawPayload=true";
    /** Pages followed at most per query (2,000 records each): a runaway cursor must not loop forever. */
    private static final int MAX_PAGES = 500;

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String query;
    private final String queryMore;

    /** {@code query}, {@code queryMore}: endpoints reaching {@link #QUERY} and {@link #QUERY_MORE} (or those themselves). */
    public SalesforceRoster(ProducerTemplate producer, ObjectMapper json, String query, String queryMore) {
        this.producer = producer;
        this.json = json;
        this.query = query;
        this.queryMore = queryMore;
    }

    /** The active users and the queues' members; any failure (login, limits, an unreadable answer) is thrown. */
    public CrmRosters.Fetched fetch() {
        List<CrmRosters.User> users = new ArrayList<>();
        query(USERS, record -> users.add(new CrmRosters.User(record.path("Id").asText(),
                record.path("IsActive").asBoolean(true), record.path("Email").asText(null))));
        Map<String, Set<String>> queues = new HashMap<>();
        query(QUEUE_MEMBERS, record -> queues.computeIfAbsent(record.path("GroupId").asText(), q -> new LinkedHashSet<>())
                .add(record.path("UserOrGroupId").asText()));
        return new CrmRosters.Fetched(users, queues);
    }

    /** Runs the SOQL and hands every record of every page to {@code each}. */
    void query(String soql, Consumer<JsonNode> each) {
        JsonNode page = page(query, soql);
        for (int pages = 1; ; pages++) {
            JsonNode records = page.path("records");
            if (!records.isArray()) {
                throw new IllegalStateException("Salesforce answered the query without records: " + abbreviate(page));
            }
            records.forEach(each);
            String next = page.path("nextRecordsUrl").asText("");
            if (page.path("done").asBoolean(true) || next.isEmpty()) {
                return;
            }
            if (pages >= MAX_PAGES) {
                throw new IllegalStateException("Salesforce's answer to '" + soql + "' has more than " + MAX_PAGES + " pages");
            }
            page = page(queryMore, next);
        }
    }

    private JsonNode page(String endpoint, String body) {
        try (InputStream answer = producer.requestBody(endpoint, body, InputStream.class)) {
            if (answer == null) {
                throw new IllegalStateException("Salesforce answered the query with no body");
            }
            return json.readTree(answer);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable Salesforce query answer: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
