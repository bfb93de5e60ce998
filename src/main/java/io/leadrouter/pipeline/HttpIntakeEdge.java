package io.leadrouter.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.leadrouter.api.ErrorBody;
import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.IntakeOutcome.Refusal;
import io.leadrouter.intake.LeadIntake;
import io.leadrouter.intake.RawSubmission;
import io.leadrouter.intake.SourceRequest;
import io.leadrouter.mapping.Payloads;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.common.HttpMessage;

/**
 * Bean {@code leadHttpEdge} of the HTTP source kamelets: reads a request into a {@link RawSubmission} (exact bytes,
 * the headers a mapping may need, never credentials) and turns the {@link IntakeOutcome} into the channel's answer —
 * web forms: 202 / 303 / 422; webhooks: 200 once the bytes are durable. Every refusal is a 4xx naming the problem.
 */
public class HttpIntakeEdge {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String MODE_HEADER = "LeadRouterMode";
    static final String REQUEST_PROPERTY = "LeadRouterSourceRequest";
    /** Exchange property the HTTP kamelets set first: the source id, so every step is a plain processor. */
    static final String SOURCE_PROPERTY = "LeadRouterSource";
    private static final int MAX_KEY_LENGTH = 200;
    private static final Set<String> FORM_TYPES =
            Set.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data");
    /** Request headers kept with a submission for mappings to read; credentials and signatures are never kept. */
    private static final List<String> KEPT_HEADERS = List.of("user-agent", "referer", "origin", "x-forwarded-for");

    private final ObjectMapper json;
    /** The form answer's body, written by a writer prepared once (it goes out with every accepted lead). */
    private final ObjectWriter receiptWriter;

    /** {@code {"leadId": …, "duplicate": …}}; no leadId when the post made no lead. */
    record Receipt(@JsonInclude(JsonInclude.Include.NON_NULL) String leadId, boolean duplicate) {
    }
    private final LeadRouterProperties properties;
    private final FormGuard guard;

    public HttpIntakeEdge(ObjectMapper json, LeadRouterProperties properties, FormGuard guard) {
        this.json = json;
        this.receiptWriter = json.writerFor(Receipt.class);
        this.properties = properties;
        this.guard = guard;
    }

    /*
     * The kamelets' steps. Plain processors rather than bean calls with arguments: Camel's bean binding parses the
     * method's argument expression on every exchange, which showed up in the intake profile (see README Performance).
     */

    /**
     * Step {@code leadInternalHeaders}, first in every HTTP intake kamelet: drops request headers named like the route's
     * own ({@code LeadRouter…}, any case), so a client cannot set them. Camel's {@code removeHeaders} with a pattern
     * compiled the pattern as a regular expression for every header that did not match (2.5 µs a request).
     */
    public Processor internalHeadersStep() {
        return exchange -> exchange.getMessage().getHeaders().keySet()
                .removeIf(name -> name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length()));
    }

    private static final String INTERNAL_PREFIX = "LeadRouter";

    /** Step {@code leadFormStep}: see {@link #form}. */
    public Processor formStep() {
        return exchange -> form(exchange, source(exchange));
    }

    /** Step {@code leadFormAnswer}: see {@link #answerForm}. */
    public Processor formAnswer() {
        return exchange -> answerForm(exchange, source(exchange));
    }

    /** Step {@code leadWebhookStep}: reads the request once (before the authenticity check). */
    public Processor readStep() {
        return this::capture;
    }

    /** Step {@code leadWebhookStep}: see {@link #webhook}. */
    public Processor webhookStep() {
        return exchange -> webhook(exchange, source(exchange));
    }

    /** Step {@code leadWebhookAnswer}: see {@link #answerWebhook}. */
    public Processor webhookAnswer() {
        return this::answerWebhook;
    }

    /** Step {@code leadHubChallenge}: see {@link #hubChallenge}. */
    public Processor hubChallengeStep() {
        return exchange -> hubChallenge(exchange, source(exchange));
    }

    private static String source(Exchange exchange) {
        String source = exchange.getProperty(SOURCE_PROPERTY, String.class);
        if (source == null) {
            throw new IllegalStateException("the kamelet did not set the exchange property " + SOURCE_PROPERTY);
        }
        return source;
    }

    /** Web forms: JSON, urlencoded or multipart; honeypot and per-address rate limit; mapped before the commit. */
    public void form(Exchange exchange, String sourceId) {
        SourceRequest request = capture(exchange);
        String type = Payloads.mediaType(request.header("content-type"));
        if (!FORM_TYPES.contains(type)) {
            refuse(exchange, IntakeOutcome.Refused.of(Refusal.UNSUPPORTED_TYPE, "Content-Type",
                    (type.isEmpty() ? "no content type" : "content type '" + type + "' is not supported") + "; send one of " + new TreeSet<>(FORM_TYPES)));
            return;
        }
        FormGuard.Verdict verdict = guard.check(sourceId, clientAddress(exchange), request);
        if (verdict == FormGuard.Verdict.RATE_LIMITED) {
            refuse(exchange, IntakeOutcome.Refused.of(Refusal.RATE_LIMITED, "client",
                    "too many submissions from this address; try again in a minute"));
            return;
        }
        if (verdict == FormGuard.Verdict.HONEYPOT) {
            // Answered exactly like a real post, with a lead id that leads nowhere: a bot must not learn it was caught.
            exchange.getMessage().setBody(new IntakeOutcome.Accepted("honeypot", List.of(guard.decoyLeadId())));
            return;
        }
        String key = request.header(IDEMPOTENCY_HEADER);
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127))) {
            refuse(exchange, IntakeOutcome.Refused.of(Refusal.MALFORMED, IDEMPOTENCY_HEADER, "must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters"));
            return;
        }
        submission(exchange, sourceId, request, key, LeadIntake.Mode.MAP_NOW);
    }

    /** Webhooks: the authenticity step already ran; acknowledged once the bytes are durable, mapped afterwards. */
    public void webhook(Exchange exchange, String sourceId) {
        if (exchange.getMessage().getBody() instanceof IntakeOutcome) {
            return;
        }
        SourceRequest request = request(exchange);
        if (request.body().length == 0) {
            refuse(exchange, IntakeOutcome.Refused.of(Refusal.MALFORMED, "body", "empty body"));
            return;
        }
        String type = Payloads.mediaType(request.header("content-type"));
        if (!Payloads.readable(type)) {
            refuse(exchange, IntakeOutcome.Refused.of(Refusal.UNSUPPORTED_TYPE, "Content-Type",
                    (type.isEmpty() ? "no content type" : "content type '" + type + "' is not supported") + "; send JSON, a form or XML"));
            return;
        }
        submission(exchange, sourceId, request, request.header(IDEMPOTENCY_HEADER), LeadIntake.Mode.MAP_LATER);
    }

    private void submission(Exchange exchange, String sourceId, SourceRequest request, String key, LeadIntake.Mode mode) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            if (request.header(name) != null) {
                kept.put(name, request.header(name));
            }
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(MODE_HEADER, mode.name());
        message.setBody(new RawSubmission(sourceId, request.header("content-type"), request.body(), kept, key));
    }

    /**
     * A hub-style subscription handshake (Meta webhooks, WebSub): {@code GET ?hub.mode=subscribe&hub.verify_token=…
     * &hub.challenge=…} is answered 200 text/plain echoing the challenge when the token equals the source's
     * {@code verify-token} setting; otherwise 403 (405 when the source has no verify-token). Nothing is stored.
     */
    public void hubChallenge(Exchange exchange, String sourceId) {
        HttpServletRequest servlet = exchange.getMessage(HttpMessage.class).getRequest();
        String expected = properties.sourceSetting(sourceId, "verify-token");
        if (expected == null) {
            answer(exchange, 405, ErrorBody.of("method", "GET is not supported here; POST the lead (a hub.verify_token handshake needs "
                    + "leadrouter.sources." + sourceId + ".verify-token)"));
            exchange.getMessage().setHeader("Allow", "POST");
            return;
        }
        String mode = servlet.getParameter("hub.mode");
        String token = servlet.getParameter("hub.verify_token");
        String challenge = servlet.getParameter("hub.challenge");
        if (!"subscribe".equals(mode) && !"unsubscribe".equals(mode)) {
            answer(exchange, 400, ErrorBody.of("hub.mode", "must be subscribe or unsubscribe"));
        } else if (challenge == null || challenge.isEmpty() || challenge.length() > MAX_KEY_LENGTH
                || !challenge.chars().allMatch(c -> c > 32 && c < 127)) {
            answer(exchange, 400, ErrorBody.of("hub.challenge", "must be 1-" + MAX_KEY_LENGTH + " visible ASCII characters"));
        } else if (token == null || !java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                expected.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            answer(exchange, 403, ErrorBody.of("hub.verify_token", "does not match this source's verify-token"));
        } else {
            Message message = exchange.getMessage();
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            message.setBody(challenge);
        }
    }

    /** The request as an authenticity check sees it; read once per exchange from the buffered body. */
    public SourceRequest capture(Exchange exchange) {
        SourceRequest request = exchange.getProperty(REQUEST_PROPERTY, SourceRequest.class);
        if (request != null) {
            return request;
        }
        HttpServletRequest servlet = exchange.getMessage(HttpMessage.class).getRequest();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(servlet.getHeaderNames())) {
            headers.put(name, servlet.getHeader(name));
        }
        // The edge filter read the body already (within the size limit); Camel's copy is not made (disableStreamCache).
        byte[] body = servlet.getAttribute(IntakeEdgeFilter.BODY_ATTRIBUTE) instanceof byte[] read ? read
                : exchange.getMessage().getBody(byte[].class);
        String query = servlet.getQueryString();
        String uri = servlet.getRequestURL().toString() + (query == null ? "" : "?" + query);
        request = new SourceRequest(servlet.getMethod(), uri, headers, body);
        exchange.setProperty(REQUEST_PROPERTY, request);
        return request;
    }

    static SourceRequest request(Exchange exchange) {
        return exchange.getProperty(REQUEST_PROPERTY, SourceRequest.class);
    }

    private static String clientAddress(Exchange exchange) {
        return exchange.getMessage(HttpMessage.class).getRequest().getRemoteAddr();
    }

    private static void refuse(Exchange exchange, IntakeOutcome.Refused refused) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(refused);
    }

    /** The answer to a web form: 202 JSON (or 303 to the thank-you page for a browser), 200 for a repeat, 422 with every problem. */
    public void answerForm(Exchange exchange, String sourceId) throws JsonProcessingException {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        SourceRequest request = request(exchange);
        String accept = request == null ? null : request.header("accept");
        String thankYou = properties.sourceSetting(sourceId, "thank-you-url");
        boolean browser = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html") && thankYou != null;
        if (browser && (outcome instanceof IntakeOutcome.Accepted || outcome instanceof IntakeOutcome.Duplicate)) {
            redirect(exchange, thankYou);
        } else if (outcome instanceof IntakeOutcome.Accepted a) {
            answer(exchange, 202, receipt(a.leadIds(), false));
        } else if (outcome instanceof IntakeOutcome.Duplicate d) {
            answer(exchange, 200, receipt(d.leadIds(), true));
        } else if (outcome instanceof IntakeOutcome.Rejected r) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("errors", r.reasons());
            body.put("rejectionId", r.rejectionId());
            answer(exchange, 422, json.writeValueAsString(body));
        } else {
            answerRefusal(exchange, outcome);
        }
        cors(exchange, sourceId, request);
    }

    /** The answer to a webhook: 200 once its bytes are durable (mapping problems are kept as rejections, not retried). */
    public void answerWebhook(Exchange exchange) throws JsonProcessingException {
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        if (outcome instanceof IntakeOutcome.Accepted a) {
            answer(exchange, 200, json.writeValueAsString(Map.of("received", true, "submissionId", a.submissionId())));
        } else if (outcome instanceof IntakeOutcome.Duplicate d) {
            answer(exchange, 200, json.writeValueAsString(Map.of("received", true, "submissionId", d.submissionId(), "duplicate", true)));
        } else if (outcome instanceof IntakeOutcome.Rejected r) {
            answer(exchange, 200, json.writeValueAsString(Map.of("received", true, "rejectionId", r.rejectionId())));
        } else {
            answerRefusal(exchange, outcome);
        }
    }

    private String receipt(List<String> leadIds, boolean duplicate) throws JsonProcessingException {
        return receiptWriter.writeValueAsString(new Receipt(leadIds.isEmpty() ? null : leadIds.get(0), duplicate));
    }

    /** Refusals and unavailability, the same on every HTTP channel. */
    static void answerRefusal(Exchange exchange, IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Refused refused) {
            int status = switch (refused.refusal()) {
                case UNKNOWN_SOURCE -> 404;
                case UNAUTHENTICATED -> 401;
                case TOO_LARGE -> 413;
                case UNSUPPORTED_TYPE -> 415;
                case MALFORMED -> 400;
                case RATE_LIMITED -> 429;
                case NOT_ALLOWED -> 403;
            };
            answer(exchange, status, ErrorBody.of(refused.reasons()));
            if (refused.refusal() == Refusal.RATE_LIMITED) {
                exchange.getMessage().setHeader("Retry-After", "60");
            }
        } else if (outcome instanceof IntakeOutcome.Unavailable unavailable) {
            answer(exchange, 503, ErrorBody.of(null, unavailable.reason()));
            exchange.getMessage().setHeader("Retry-After", "5");
        } else {
            answer(exchange, 500, ErrorBody.of(null, "internal error; nothing was acknowledged — retry"));
        }
    }

    static void answer(Exchange exchange, int status, String jsonBody) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(jsonBody);
    }

    private static void redirect(Exchange exchange, String location) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", URI.create(location).toString());
        message.setBody("");
    }

    private void cors(Exchange exchange, String sourceId, SourceRequest request) {
        String origin = request == null ? null : request.header("origin");
        if (origin != null && FormGuard.allowedOrigins(properties, sourceId).contains(origin)) {
            exchange.getMessage().setHeader("Access-Control-Allow-Origin", origin);
            exchange.getMessage().setHeader("Vary", "Origin");
        }
    }
}
