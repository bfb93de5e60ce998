package io.leadrouter.pipeline;

import io.leadrouter.distribution.Policy;
import io.leadrouter.ledger.Notifications;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notifications (Slack, email) to reps and managers, on only with {@code leadrouter.notify.enabled=true}: transitions
 * queue them in their own transaction, and the {@code notifier} stage route sends them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
@ConditionalOnProperty(name = "leadrouter.notify.enabled", havingValue = "true")
public class NotificationConfiguration {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");

    /** A policy placeholder's value from the properties or the environment; fails at start naming what to set. */
    static UnaryOperator<String> placeholders(Environment env) {
        return placeholder -> {
            Matcher m = PLACEHOLDER.matcher(placeholder);
            if (!m.matches()) {
                throw new IllegalStateException("not a {{placeholder}}: a notify setting in the policy");
            }
            String value = env.getProperty(m.group(1));
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("the policy's notify setting {{" + m.group(1) + "}} has no value: set the"
                        + " property " + m.group(1) + " (or the environment variable "
                        + m.group(1).toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_") + ")");
            }
            return value.strip();
        };
    }

    @Bean
    Notifications notifications(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, NotifyProperties properties) {
        return new Notifications(jdbc, tx, clock, properties.maxAttempts(), properties.lease(), properties.retryDelay());
    }

    @Bean
    NotificationComposer notificationComposer(Policy policy, Environment env, LeadLifecycle lifecycle) {
        NotificationComposer composer = new NotificationComposer(policy, placeholders(env));
        lifecycle.notifyWith(composer);
        return composer;
    }

    @Bean
    NotificationSender notificationSender(ProducerTemplate producer, NotifyProperties properties, Environment env,
            @Value("${leadrouter.public-url:http://localhost:8080}") String publicUrl) {
        return new NotificationSender(producer, properties, publicUrl, placeholders(env));
    }

    /** Sends queued notifications; a failure is retried with back-off and never touches the decision or CRM write. */
    @Bean
    LedgerStage notifier(Notifications notifications, NotificationSender sender, NotifyProperties properties,
            NotificationComposer composer) {
        return new LedgerStage(LedgerStage.NOTIFY, () -> notifications.drain(properties.batchSize(), sender::send),
                properties.pollInterval());
    }
}
