package io.leadrouter.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;

/**
 * Bean {@code leadHttpEdge} of the {@code lead-webhook-source} kamelet: turns the HTTP request (JSON,
 * urlencoded or multipart) into a {@link RawSubmission}, or answers 400 naming what is malformed.
 */
public class HttpSubmissionReader {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 200;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public HttpSubmissionReader(ObjectMapper json) {
        this.json = json;
    }

    public void read(Exchange exchange) {
        Message message = exchange.getMessage();
        HttpServletRequest request = exchange.getMessage(HttpMessage.class).getRequest();
        String type = IntakeEdgeFilter.mediaType(request.getContentType());
        String key = request.getHeader(IDEMPOTENCY_HEADER);
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127))) {
            Responses.reject(exchange, 400, IDEMPOTENCY_HEADER, "must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters");
            return;
        }
        Map<String, Object> fields;
        if ("application/json".equals(type)) {
            try {
                byte[] body = message.getBody(byte[].class);
                fields = body == null || body.length == 0 ? null : json.readValue(body, OBJECT);
            } catch (JsonProcessingException e) {
                Responses.reject(exchange, 400, "body", "malformed JSON: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
                return;
            } catch (IOException e) {
                Responses.reject(exchange, 400, "body", "unreadable body: " + e.getMessage());
                return;
            }
            if (fields == null) {
                Responses.reject(exchange, 400, "body", "empty body; send a JSON object with the lead's fields");
                return;
            }
        } else {
            fields = "multipart/form-data".equals(type)
                    ? multipartFields(request) : urlencodedFields(message.getBody(String.class));
        }
        message.setBody(new RawSubmission(type, fields, key == null ? null : key.strip()));
    }

    /** Multipart fields as the servlet container parsed them (in the intake filter); repeated names become lists. */
    private static Map<String, Object> multipartFields(HttpServletRequest request) {
        Map<String, Object> fields = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) ->
                fields.put(name, values.length == 1 ? values[0] : List.of(values)));
        return fields;
    }

    /**
     * An {@code application/x-www-form-urlencoded} body, decoded as UTF-8 (repeated names become lists). The
     * route keeps the raw body ({@code mapHttpMessageFormUrlEncodedBody=false}) so form fields never become headers.
     */
    static Map<String, Object> urlencodedFields(String body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (body != null) {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((name, list) -> fields.put(name, list.size() == 1 ? list.get(0) : List.copyOf(list)));
        return fields;
    }
}
