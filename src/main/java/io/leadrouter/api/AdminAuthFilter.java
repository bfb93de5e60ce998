package io.leadrouter.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/** Lets a request into {@code /api/**} only with {@code Authorization: Bearer <admin token>}; otherwise 401 JSON. */
public class AdminAuthFilter extends OncePerRequestFilter {
    private static final String PREFIX = "Bearer ";

    private final AdminToken token;

    public AdminAuthFilter(AdminToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip() : null;
        if (token.matches(presented)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"leadrouter-admin\"");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ErrorBody.of("Authorization", presented == null
                ? "missing bearer token: send 'Authorization: Bearer <admin token>' (env LEADROUTER_ADMIN_TOKEN, or data/admin-token)"
                : "the bearer token is not the admin token"));
    }
}
