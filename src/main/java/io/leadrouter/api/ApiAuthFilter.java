package io.leadrouter.api;

import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.Rep;
import io.leadrouter.ledger.RepTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Authenticates {@code /api/**}: the admin token (constant-time compare) may call the admin API; a rep or partner
 * token (issued by the admin API, stored hashed) may call only the rep and partner endpoints, acting as that rep; an
 * integration token may only read leads and rejections and replay rejections. 401 without a valid token, 403 for a
 * token on an endpoint its role may not call; JSON either way. Tokens are never logged.
 */
public class ApiAuthFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";
    private static final List<Pattern> REP_PATHS = List.of(
            Pattern.compile("/api/reps/me(/.*)?"),
            Pattern.compile("/api/queues/[^/]+/leads"),
            Pattern.compile("/api/queues/[^/]+/leads/[^/]+/claim"),
            Pattern.compile("/api/leads/[^/]+/(release|touch|done)"),
            Pattern.compile("/api/partners/me(/.*)?"),
            Pattern.compile("/api/offers/[^/]+/(accept|reject)"),
            Pattern.compile("/api/board/events"));
    /** What an integration (a system that submits and reads leads) may call: reads, and replaying a rejection. */
    private static final List<Pattern> INTEGRATION_READS = List.of(
            Pattern.compile("/api/leads(/[^/]+)?"),
            Pattern.compile("/api/rejections(/[^/]+)?"));
    private static final Pattern INTEGRATION_REPLAY = Pattern.compile("/api/rejections/[^/]+/replay");
    /** The API description and Swagger UI: public, like any published API reference (they hold no data). */
    private static final Pattern PUBLIC_PATHS = Pattern.compile("/api/(docs|openapi|swagger-ui)(/.*|\\.yaml)?");

    private final AdminToken adminToken;
    private final RepTokens repTokens;
    private final Policy policy;

    public ApiAuthFilter(AdminToken adminToken, RepTokens repTokens, Policy policy) {
        this.adminToken = adminToken;
        this.repTokens = repTokens;
        this.policy = policy;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip() : null;
        // The path as the container resolved it (decoded, dot segments and path parameters removed), never the raw URI:
        // "/api/docs/../leads" must not pass as a public path, nor "/api/partners/me/../../leads" as a rep path.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (PUBLIC_PATHS.matcher(path).matches()) {
            chain.doFilter(request, response);
            return;
        }
        if (adminToken.matches(presented)) {
            request.setAttribute(ApiPrincipal.ATTRIBUTE, ApiPrincipal.ADMIN);
            chain.doFilter(request, response);
            return;
        }
        if (RepTokens.looksLikeRepToken(presented)) {
            Optional<Rep> rep = repTokens.repFor(presented).flatMap(policy::rep);
            if (rep.isEmpty()) {
                deny(response, HttpServletResponse.SC_UNAUTHORIZED, "the rep token is unknown or revoked, or its rep is no"
                        + " longer in the policy: ask an admin for a new one");
                return;
            }
            if (REP_PATHS.stream().noneMatch(p -> p.matcher(path).matches())) {
                deny(response, HttpServletResponse.SC_FORBIDDEN, "a rep token may only use the rep and partner API"
                        + " (/api/reps/me/…, /api/queues/…, /api/leads/{id}/release|touch|done, /api/partners/me/…, /api/offers/…)");
                return;
            }
            request.setAttribute(ApiPrincipal.ATTRIBUTE, new ApiPrincipal(
                    rep.get().partner() ? ApiPrincipal.Role.PARTNER : ApiPrincipal.Role.REP, rep.get().id()));
            chain.doFilter(request, response);
            return;
        }
        if (RepTokens.looksLikeIntegrationToken(presented)) {
            Optional<String> integration = repTokens.integrationFor(presented);
            if (integration.isEmpty()) {
                deny(response, HttpServletResponse.SC_UNAUTHORIZED, "the integration token is unknown or revoked: ask an admin"
                        + " for a new one");
                return;
            }
            boolean read = "GET".equals(request.getMethod()) && INTEGRATION_READS.stream().anyMatch(p -> p.matcher(path).matches());
            boolean replay = "POST".equals(request.getMethod()) && INTEGRATION_REPLAY.matcher(path).matches();
            if (!read && !replay) {
                deny(response, HttpServletResponse.SC_FORBIDDEN, "an integration token may only read leads and rejections"
                        + " (GET /api/leads, /api/leads/{id}, /api/rejections, /api/rejections/{id}) and replay a rejection"
                        + " (POST /api/rejections/{id}/replay); policy, reps and tokens need the admin token");
                return;
            }
            request.setAttribute(ApiPrincipal.ATTRIBUTE, new ApiPrincipal(ApiPrincipal.Role.INTEGRATION, integration.get()));
            chain.doFilter(request, response);
            return;
        }
        deny(response, HttpServletResponse.SC_UNAUTHORIZED, presented == null
                ? "missing bearer token: send 'Authorization: Bearer <token>' (admin: env LEADROUTER_ADMIN_TOKEN or"
                + " data/admin-token; reps: a token from POST /api/reps/{repId}/tokens)"
                : "the bearer token is neither the admin token nor a rep token, nor an integration token");
    }

    private static void deny(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"leadrouter\"");
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ErrorBody.of("Authorization", message));
    }
}
