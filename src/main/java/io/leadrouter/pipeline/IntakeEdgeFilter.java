package io.leadrouter.pipeline;

import io.leadrouter.api.BufferedBodyRequest;
import io.leadrouter.api.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The HTTP edge of {@code /intake/{sourceId}}, before any route runs: unknown source 404, wrong method 405,
 * body over the limit 413, CORS preflight per source — each refusal as JSON naming the problem. It buffers the
 * exact body bytes for the route.
 */
public class IntakeEdgeFilter extends HttpFilter {
    static final String PREFIX = "/intake/";

    private final Set<String> sourceIds;
    private final long maxBodyBytes;
    private final Function<String, Set<String>> allowedOrigins;

    /**
     * Request attribute holding the body this filter read (within the size limit): the kamelets read it from here, so
     * Camel's servlet consumer need not copy the body again ({@code disableStreamCache=true} on their endpoints).
     */
    static final String BODY_ATTRIBUTE = "io.leadrouter.intake.body";

    public IntakeEdgeFilter(Set<String> sourceIds, long maxBodyBytes, Function<String, Set<String>> allowedOrigins) {
        this.sourceIds = Set.copyOf(sourceIds);
        this.maxBodyBytes = maxBodyBytes;
        this.allowedOrigins = allowedOrigins;
    }

    /** Whether a request is one of intake's: Spring's per-request filters step aside for these (see LeadRouterConfiguration). */
    static boolean isIntake(HttpServletRequest request) {
        return request.getRequestURI().startsWith(PREFIX);
    }

    // A plain filter, not a OncePerRequestFilter: registered for REQUEST dispatches of /intake/* only, it needs no
    // "already filtered" request attribute, whose set and remove cost ~1 µs a request (Tomcat notifies listeners).
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isIntake(request)) {
            chain.doFilter(request, response);
            return;
        }
        String sourceId = request.getRequestURI().substring(PREFIX.length());
        if (!sourceIds.contains(sourceId)) {
            reject(response, 404, "sourceId", "unknown source '" + sourceId + "'; known sources: " + new TreeSet<>(sourceIds));
            return;
        }
        String method = request.getMethod();
        if ("OPTIONS".equals(method)) {
            preflight(request, response, sourceId);
            return;
        }
        boolean handshake = "GET".equals(method) && request.getQueryString() != null && request.getQueryString().contains("hub.mode=");
        if (!"POST".equals(method) && !handshake) {
            response.setHeader("Allow", "POST");
            reject(response, 405, "method", method + " is not supported here; POST the lead");
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            reject(response, 413, "body", "the body has " + length + " bytes; the limit is " + maxBodyBytes);
            return;
        }
        // The exact bytes are read here, once: intake stores them, signatures are checked over them, and the
        // container never parses form parameters out of them (form fields must not become headers).
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            reject(response, 413, "body", "the body is over the limit of " + maxBodyBytes + " bytes");
            return;
        }
        request.setAttribute(BODY_ATTRIBUTE, body);
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void preflight(HttpServletRequest request, HttpServletResponse response, String sourceId) throws IOException {
        String origin = request.getHeader("Origin");
        if (origin == null || !allowedOrigins.apply(sourceId).contains(origin)) {
            reject(response, 403, "Origin", "origin " + (origin == null ? "(none)" : "'" + origin + "'")
                    + " may not post to this source; add it to leadrouter.sources." + sourceId + ".allowed-origins");
            return;
        }
        response.setStatus(204);
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Methods", "POST");
        response.setHeader("Access-Control-Allow-Headers", "Content-Type, Idempotency-Key");
        response.setHeader("Access-Control-Max-Age", "600");
        response.setHeader("Vary", "Origin");
    }

    static void reject(HttpServletResponse response, int status, String field, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ErrorBody.of(field, message));
    }
}
