package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.intake.PayloadEnricher;
import io.leadrouter.ledger.LeadRecords;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.function.SingletonSupplier;

/**
 * Completes HubSpot webhook v3 events from HubSpot's CRM API: a {@code contact.creation} event becomes the contact's
 * properties to map; a {@code contact.propertyChange} of {@code hubspot_owner_id} or {@code hs_lead_status} is
 * feedback on the lead the contact came from (found by the contact id we wrote, else by the contact's email); every
 * other event is left alone. Rate limits, 5xx and network failures are retryable; a contact that does not exist is not.
 */
public class HubSpotContactEnricher implements PayloadEnricher {
    static final String PROPERTIES = "email,firstname,lastname,phone,company,jobtitle,country,state,city,zip,hubspot_owner_id";
    private static final Map<String, String> FEEDBACK_TYPES =
            Map.of("hubspot_owner_id", "crm-owner-changed", "hs_lead_status", "crm-status-changed");

    /**
     * Made on the first call, not at start: building a JDK HttpClient loads the trust store and starts a selector
     * thread (~80 ms of start-up) for a source that most instances never receive an event on.
     */
    private final SingletonSupplier<HttpClient> http;
    private final URI baseUrl;
    private final String token;
    private final Duration timeout;
    private final LeadRecords records;
    private final ObjectMapper json;

    public HubSpotContactEnricher(URI baseUrl, String token, Duration timeout, LeadRecords records, ObjectMapper json) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.timeout = timeout;
        this.http = SingletonSupplier.of(() -> HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build());
        this.records = records;
        this.json = json;
    }

    @Override
    public Object enrich(Object event) throws EnrichmentException {
        if (!(event instanceof Map<?, ?> fields)) {
            return event;
        }
        String type = text(fields.get("subscriptionType"));
        String contactId = text(fields.get("objectId"));
        if ("contact.creation".equals(type) && contactId != null) {
            Optional<String> ours = records.leadIdByCrmRecord("hubspot", contactId);
            if (ours.isPresent()) {
                return new NotALead("contact " + contactId + " was written by leadrouter from lead " + ours.get());
            }
            Map<String, Object> completed = new LinkedHashMap<>();
            fields.forEach((k, v) -> completed.put(String.valueOf(k), v));
            completed.put("properties", json.convertValue(contact(contactId).path("properties"), Map.class));
            return completed;
        }
        if ("contact.propertyChange".equals(type) && contactId != null) {
            String property = text(fields.get("propertyName"));
            String historyType = property == null ? null : FEEDBACK_TYPES.get(property);
            if (historyType == null) {
                return new NotALead("a change of " + property + " is not tracked");
            }
            Optional<String> leadId = leadOf(contactId);
            if (leadId.isEmpty()) {
                return new NotALead("contact " + contactId + " is not one of our leads");
            }
            return new Feedback(leadId.get(), historyType, "hubspot",
                    property + " is now " + Optional.ofNullable(text(fields.get("propertyValue"))).orElse("empty")
                            + " (change source " + Optional.ofNullable(text(fields.get("changeSource"))).orElse("unknown")
                            + ", HubSpot event " + text(fields.get("eventId")) + ")",
                    "hubspot_owner_id".equals(property) ? text(fields.get("propertyValue")) : null);
        }
        return new NotALead("subscription type " + type + " is not a lead event");
    }

    private Optional<String> leadOf(String contactId) throws EnrichmentException {
        Optional<String> written = records.leadIdByCrmRecord("hubspot", contactId);
        if (written.isPresent()) {
            return written;
        }
        String email = text(contact(contactId).path("properties").path("email").textValue());
        if (email == null) {
            return Optional.empty();
        }
        return records.search(null, email, null, 1).stream().findFirst().map(LeadRecords.FoundLead::leadId);
    }

    private JsonNode contact(String contactId) throws EnrichmentException {
        if (token == null || token.isBlank()) {
            throw new EnrichmentException("HubSpot contact " + contactId + " cannot be read: set leadrouter.crm.hubspot.token"
                    + " (a private app token with crm.objects.contacts.read)", true);
        }
        URI uri = baseUrl.resolve("/crm/v3/objects/contacts/" + URLEncoder.encode(contactId, StandardCharsets.UTF_8)
                + "?properties=" + PROPERTIES);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET()
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build();
        HttpResponse<String> response;
        try {
            response = http.obtain().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new EnrichmentException("HubSpot is unreachable (" + e.getClass().getSimpleName() + ")", true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrichmentException("interrupted while reading HubSpot contact " + contactId, true);
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return json.readTree(response.body());
            } catch (IOException e) {
                throw new EnrichmentException("HubSpot answered contact " + contactId + " with unreadable JSON", true);
            }
        }
        String message = hubSpotMessage(response.body());
        if (status == 404) {
            throw new EnrichmentException("HubSpot contact " + contactId + " does not exist (404" + message + ")", false);
        }
        if (status == 401 || status == 403) {
            throw new EnrichmentException("HubSpot refused the token (" + status + message
                    + "); check leadrouter.crm.hubspot.token and its crm.objects.contacts.read scope", true);
        }
        boolean retryable = status == 429 || status >= 500;
        throw new EnrichmentException("HubSpot answered " + status + " for contact " + contactId + message, retryable);
    }

    private String hubSpotMessage(String body) {
        try {
            JsonNode error = json.readTree(body);
            String message = error.path("message").asText("");
            String category = error.path("category").asText(error.path("policyName").asText(""));
            String text = (category.isEmpty() ? "" : category + ": ") + message;
            return text.isEmpty() ? "" : ", " + (text.length() > 300 ? text.substring(0, 300) : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }
}
