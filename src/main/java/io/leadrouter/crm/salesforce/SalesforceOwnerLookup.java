package io.leadrouter.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.crm.CrmOwnerLookup;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;

/**
 * Owners in Salesforce by SOQL through camel-salesforce's {@code query}: the newest Contact with the email, else the
 * newest unconverted Lead; for a domain, the newest Account whose Website is on it (example.com, www.example.com,
 * https://example.com/…). Values are escaped as SOQL string literals (and LIKE wildcards).
 */
public class SalesforceOwnerLookup implements CrmOwnerLookup {
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final String query;

    /** {@code query}: an endpoint reaching {@link SalesforceRoster#QUERY}. */
    public SalesforceOwnerLookup(ProducerTemplate producer, ObjectMapper json, String query) {
        this.producer = producer;
        this.json = json;
        this.query = query;
    }

    @Override
    public Optional<RecordOwner> byEmail(String email) {
        String address = literal(email);
        Optional<RecordOwner> contact = first("Contact", "SELECT Id, OwnerId FROM Contact WHERE Email = '" + address
                + "' ORDER BY LastModifiedDate DESC LIMIT 1");
        return contact.isPresent() ? contact : first("Lead", "SELECT Id, OwnerId FROM Lead WHERE Email = '" + address
                + "' AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 1");
    }

    @Override
    public Optional<RecordOwner> byDomain(String domain) {
        String exact = literal(domain);
        String like = like(domain);
        return first("Account", "SELECT Id, OwnerId FROM Account WHERE Website = '" + exact + "' OR Website LIKE '%://" + like
                + "%' OR Website LIKE '%." + like + "%' OR Website LIKE '" + like + "/%' ORDER BY LastModifiedDate DESC LIMIT 1");
    }

    private Optional<RecordOwner> first(String type, String soql) {
        try (InputStream answer = producer.requestBody(query, soql, InputStream.class)) {
            JsonNode record = answer == null ? null : json.readTree(answer).path("records").path(0);
            if (record == null || record.isMissingNode() || !record.hasNonNull("OwnerId")) {
                return Optional.empty();
            }
            return Optional.of(new RecordOwner(record.path("OwnerId").asText(), type + " " + record.path("Id").asText()));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable Salesforce query answer: " + e.getMessage(), e);
        }
    }

    /** A value inside a SOQL string literal: backslash and quote escaped. */
    static String literal(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** A value inside a SOQL LIKE pattern: also its wildcards escaped. */
    static String like(String value) {
        return literal(value).replace("%", "\\%").replace("_", "\\_");
    }
}
