package io.leadrouter.pipeline;

import io.leadrouter.api.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP edge of {@code /intake/{sourceId}}, before any route runs: unknown source 404, wrong method 405,
 * body over the limit 413, unsupported content type 415 — each as JSON naming the problem.
 */
public class IntakeEdgeFilter extends OncePerRequestFilter {
    static final String PREFIX = "/intake/";
    static final Set<String> CONTENT_TYPES =
            Set.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data");

    private final Set<String> sourceIds;
    private final long maxBodyBytes;

    public IntakeEdgeFilter(Set<String> sourceIds, long maxBodyBytes) {
        this.sourceIds = Set.copyOf(sourceIds);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sourceId = request.getRequestURI().substring(PREFIX.length());
        if (!sourceIds.contains(sourceId)) {
            reject(response, 404, "sourceId", "unknown source '" + sourceId + "'; known sources: " + new TreeSet<>(sourceIds));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            reject(response, 405, "method", request.getMethod() + " is not supported here; POST the lead");
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBodyBytes) {
            reject(response, 413, "body", "the body has " + length + " bytes; the limit is " + maxBodyBytes);
            return;
        }
        String type = mediaType(request.getContentType());
        if (!CONTENT_TYPES.contains(type)) {
            reject(response, 415, "Content-Type", (type.isEmpty() ? "no content type" : "content type '" + type + "' is not supported")
                    + "; send one of " + new TreeSet<>(CONTENT_TYPES));
            return;
        }
        if (length >= 0) {
            if ("multipart/form-data".equals(type)) {
                // The container parses the parts now, before the route reads the raw stream; the fields stay
                // available as request parameters.
                request.getParameterMap();
            }
            chain.doFilter(request, response);
        } else if (!"application/json".equals(type)) {
            reject(response, 411, "Content-Length", "form bodies must carry a Content-Length header");
        } else {
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                reject(response, 413, "body", "the body is over the limit of " + maxBodyBytes + " bytes");
                return;
            }
            chain.doFilter(new BufferedBodyRequest(request, body), response);
        }
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    static void reject(HttpServletResponse response, int status, String field, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(ErrorBody.of(field, message));
    }

    /** A chunked request whose body was read up front, served again with its now-known length. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buf, int off, int len) {
                    return in.read(buf, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }
    }
}
