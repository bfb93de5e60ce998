package io.leadrouter.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits the body of every {@code /api/**} request (the what-if upload too) to {@code leadrouter.api.max-body-bytes}:
 * 413 with a JSON error when the declared length is over it, or when a body without a declared length (chunked) grows
 * past it — such a body is read here, at most one byte over the limit, and served to the endpoint from memory.
 */
public class ApiBodyLimitFilter extends OncePerRequestFilter {
    private final long maxBodyBytes;

    public ApiBodyLimitFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            tooLarge(response, "the body has " + length + " bytes; the limit is " + maxBodyBytes
                    + " (leadrouter.api.max-body-bytes)");
            return;
        }
        if (length >= 0 || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            // a declared length is enforced by the container: the endpoint cannot read past it
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (body.length > maxBodyBytes) {
            tooLarge(response, "the body is over the limit of " + maxBodyBytes + " bytes (leadrouter.api.max-body-bytes)");
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private static void tooLarge(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ErrorBody.of("body", message));
    }
}
