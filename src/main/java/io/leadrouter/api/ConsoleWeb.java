package io.leadrouter.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the admin console ({@code /}) and the pull board ({@code /board}) from {@code static/} in the jar, with a
 * strict Content Security Policy on every answer: scripts, styles and connections only from this origin, no inline
 * script or style, no framing.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleWeb implements WebMvcConfigurer {
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    /** Swagger UI (a third-party bundle) sets inline styles: its pages alone may, scripts stay 'self' only. */
    static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self';",
            "style-src 'self' 'unsafe-inline';");

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/").setViewName("forward:/index.html");
        registry.addViewController("/board").setViewName("forward:/board.html");
    }

    @Bean
    FilterRegistrationBean<SecurityHeaders> consoleSecurityHeaders() {
        FilterRegistrationBean<SecurityHeaders> registration = new FilterRegistrationBean<>(new SecurityHeaders());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Adds the security headers before anything else answers (error pages included). */
    static final class SecurityHeaders extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            response.setHeader("Content-Security-Policy", path.startsWith("/api/swagger-ui/") || path.startsWith("/api/docs")
                    ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("Referrer-Policy", "no-referrer");
            chain.doFilter(request, response);
        }
    }
}
