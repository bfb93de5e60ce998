package io.leadrouter.pipeline;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code leadrouter.notify.*}: notifications to reps and managers, off unless {@code enabled}. Slack webhook URLs are
 * referenced from the policy as placeholders ({@code {{leadrouter.notify.slack.alice}}}) and set here or in the
 * environment; links to CRM records need the Salesforce instance host and the HubSpot portal id.
 */
@ConfigurationProperties("leadrouter.notify")
public record NotifyProperties(boolean enabled, Smtp smtp, int maxAttempts, Duration retryDelay, Duration lease,
        Duration pollInterval, int batchSize, String salesforceInstance, String hubspotPortal) {

    public NotifyProperties {
        smtp = smtp == null ? new Smtp(null, 0, null, null, null) : smtp;
        maxAttempts = maxAttempts <= 0 ? 8 : maxAttempts;
        retryDelay = retryDelay == null ? Duration.ofSeconds(30) : retryDelay;
        lease = lease == null ? Duration.ofMinutes(1) : lease;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        batchSize = batchSize <= 0 ? 50 : batchSize;
    }

    /** The SMTP server emails go through; no host = no emails (they are given up with the reason). */
    public record Smtp(String host, int port, String username, String password, String from) {
        public Smtp {
            port = port <= 0 ? 587 : port;
            from = from == null || from.isBlank() ? "leadrouter@localhost" : from;
        }
    }
}
