package io.leadrouter.pipeline;

import io.leadrouter.api.ApiBodyLimitFilter;
import io.leadrouter.ledger.PersonalDataRetention;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Request size limits of the API and the retention of personal data. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ApiProperties.class, RetentionProperties.class})
class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String RETENTION = "personal-data-retention";

    @Bean
    FilterRegistrationBean<ApiBodyLimitFilter> apiBodyLimitFilter(ApiProperties properties) {
        FilterRegistrationBean<ApiBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new ApiBodyLimitFilter(properties.maxBodyBytes()));
        registration.addUrlPatterns("/api/*");
        // after the token check: an anonymous caller gets 401 without its body being read
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 25);
        return registration;
    }

    @Bean
    PersonalDataRetention personalDataRetention(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new PersonalDataRetention(jdbc, tx, clock);
    }

    /**
     * Erases the personal data of leads older than {@code leadrouter.retention.personal-data}, batch by batch, as the
     * Camel route {@value #RETENTION}; safe on any number of replicas (rows are claimed with SKIP LOCKED).
     */
    @Bean
    @ConditionalOnProperty(prefix = "leadrouter.retention", name = "personal-data")
    LedgerStage personalDataRetentionStage(PersonalDataRetention retention, RetentionProperties properties) {
        LOG.info("personal data of leads older than {} is erased (checked every {})", properties.personalData(),
                properties.interval());
        return new LedgerStage(RETENTION, () -> {
            PersonalDataRetention.Erased erased = retention.eraseBatch(properties.personalData(), properties.batchSize());
            if (erased.total() > 0) {
                LOG.info("retention: erased the personal data of {} lead(s), {} submission(s), {} rejection(s) older than {}",
                        erased.leads(), erased.submissions(), erased.rejections(), properties.personalData());
            }
            return erased.total();
        }, properties.interval());
    }
}
