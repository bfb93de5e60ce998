package io.leadrouter.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Limits of the admin, rep, partner and integration API ({@code /api/**}). */
@ConfigurationProperties("leadrouter.api")
public record ApiProperties(long maxBodyBytes) {
    public ApiProperties {
        maxBodyBytes = maxBodyBytes <= 0 ? 1024 * 1024 : maxBodyBytes;
    }
}
