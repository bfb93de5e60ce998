package io.leadrouter.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Retention of personal data: leads (with their raw submissions and kept rejections) received longer ago than
 * {@code personalData} lose their personal data (off when unset); the stage runs every {@code interval} and erases
 * {@code batchSize} rows per transaction.
 */
@ConfigurationProperties("leadrouter.retention")
public record RetentionProperties(Duration personalData, Duration interval, int batchSize) {
    public RetentionProperties {
        interval = interval == null ? Duration.ofHours(1) : interval;
        batchSize = batchSize <= 0 ? 500 : batchSize;
        if (personalData != null && (personalData.isNegative() || personalData.isZero())) {
            throw new IllegalArgumentException("leadrouter.retention.personal-data must be a positive duration (e.g. 90d),"
                    + " or left out to keep personal data");
        }
    }
}
