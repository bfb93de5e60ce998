package io.leadrouter.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadrouter.api.ApiAuthFilter;
import io.leadrouter.api.PolicyController;
import io.leadrouter.ledger.AuditLog;
import io.leadrouter.ledger.RepTokens;
import io.leadrouter.api.AdminToken;
import io.leadrouter.distribution.Distributor;
import io.leadrouter.distribution.Policy;
import io.leadrouter.distribution.PolicyLoader;
import io.leadrouter.ledger.LeadLedger;
import io.leadrouter.distribution.LeadFlow;
import io.leadrouter.ledger.GroupCommitter;
import io.leadrouter.ledger.Inbox;
import io.leadrouter.ledger.LeadRecords;
import io.leadrouter.mapping.MappingCatalog;
import io.leadrouter.intake.LeadIntake;
import java.time.Clock;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.camel.Processor;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpServletResolveConsumerStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedFormContentFilter;
import org.springframework.boot.web.servlet.filter.OrderedRequestContextFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the lead path: intake edge → mapping → group-committed inbox → decisions → outbox, plus the admin API. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeadRouterProperties.class)
public class LeadRouterConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MappingCatalog mappingCatalog(LeadRouterProperties properties) {
        return MappingCatalog.load(properties.mappingsDir());
    }

    @Bean
    Policy policy(LeadRouterProperties properties) {
        return PolicyLoader.load(properties.policyFile());
    }

    @Bean
    Distributor distributor(Policy policy, Clock clock) {
        return new Distributor(policy, clock);
    }

    @Bean
    LeadLedger leadLedger(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        return new LeadLedger(jdbc, tx, clock);
    }

    @Bean
    LeadRecords leadRecords(JdbcTemplate jdbc) {
        return new LeadRecords(jdbc);
    }

    @Bean
    LeadFlow leadFlow(Distributor distributor, Clock clock, LeadRouterProperties properties) {
        return new LeadFlow(distributor, clock, properties.processing().holdRetry());
    }

    @Bean
    LeadLifecycle leadLifecycle(LeadFlow flow, Distributor distributor, LeadLedger ledger, MappingCatalog mappings,
            ObjectMapper json, LeadRouterProperties properties, SalesforceProperties salesforce, HubSpotProperties hubspot,
            @Value("${leadrouter.crm.return-over-limit-claims:false}") boolean returnOverLimitClaims) {
        LeadLifecycle lifecycle = new LeadLifecycle(flow, distributor, ledger, mappings, new DecisionJson(json),
                properties.processing().sameLeadWindow());
        java.util.Map<String, Boolean> perCrm = new java.util.HashMap<>();
        perCrm.put("salesforce", salesforce.returnOverLimitClaims());
        perCrm.put("hubspot", hubspot.returnOverLimitClaims());
        lifecycle.returnOverLimitClaims(crm -> {
            Boolean own = perCrm.get(crm);
            return own == null ? returnOverLimitClaims : own;
        });
        return lifecycle;
    }

    /** The component behind every ledger stage route; other stages wake a stage through it after a commit. */
    @Bean("ledger-poll")
    LedgerPollComponent ledgerPollComponent() {
        return new LedgerPollComponent();
    }

    @Bean
    io.leadrouter.api.RejectionController.LeadWakeUp leadWakeUp(LedgerPollComponent stages) {
        return () -> stages.wake(LedgerStage.DECIDE);
    }

    @Bean
    LedgerStageRoutes ledgerStageRoutes(java.util.List<LedgerStage> stages) {
        return new LedgerStageRoutes(stages);
    }

    /** Decides pending leads in batches; wakes the CRM writers when decisions queued writes. */
    @Bean
    LedgerStage leadProcessor(LeadLifecycle lifecycle, LeadRouterProperties properties, CrmWriters crmWriters,
            LedgerPollComponent stages) {
        int batch = properties.processing().batchSize();
        return new LedgerStage(LedgerStage.DECIDE, () -> {
            int decided = lifecycle.decidePending(batch);
            if (decided > 0) {
                crmWriters.wakeAll(decided);
                stages.wake(LedgerStage.NOTIFY);
            }
            return decided;
        }, properties.processing().sweepInterval());
    }

    /** Moves leads whose time has come: ladder deadlines, expired claims, held leads to decide again. */
    @Bean
    LedgerStage slaSweeper(LeadLifecycle lifecycle, LeadLedger ledger, LeadRouterProperties properties, CrmWriters crmWriters,
            LedgerPollComponent stages) {
        ledger.wakeHeld();
        return new LedgerStage(LedgerStage.SWEEP, () -> {
            int moved = lifecycle.sweep(properties.processing().batchSize());
            if (moved > 0) {
                crmWriters.wakeAll(moved);
                stages.wake(LedgerStage.NOTIFY);
            }
            return moved;
        }, properties.processing().sweepInterval());
    }

    /** Applies what reps did inside a CRM (claims, acceptances, first touches) to the leads' lives. */
    @Bean
    LedgerStage crmFeedback(LeadLifecycle lifecycle, LeadRouterProperties properties, CrmWriters crmWriters) {
        return new LedgerStage(LedgerStage.FEEDBACK, () -> {
            int applied = lifecycle.applyCrmFeedback(properties.processing().batchSize());
            if (applied > 0) {
                crmWriters.wakeAll();
            }
            return applied;
        }, properties.processing().sweepInterval());
    }

    @Bean(destroyMethod = "close")
    GroupCommitter groupCommitter(Inbox inbox, LeadRouterProperties properties, LedgerPollComponent stages) {
        return new GroupCommitter(inbox, properties.intake().commitBatch(), properties.intake().maxQueued(), committed -> {
            stages.wake(LedgerStage.DECIDE);
            if (committed.stream().anyMatch(io.leadrouter.ledger.Submission::deferred)) {
                stages.wake(LedgerStage.MAP);
            }
        });
    }

    @Bean
    io.leadrouter.ledger.Rejections rejections(JdbcTemplate jdbc) {
        return new io.leadrouter.ledger.Rejections(jdbc);
    }

    @Bean
    Inbox inbox(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, LeadRouterProperties properties) {
        return new Inbox(jdbc, tx, clock, properties.processing().mapRetryDelay());
    }

    @Bean
    LeadIntake channelIntake(MappingCatalog mappings, @Lazy GroupCommitter committer, ObjectMapper json, LeadRouterProperties properties,
            org.springframework.beans.factory.ObjectProvider<SourceEnricher> enrichers) {
        java.util.Map<String, io.leadrouter.intake.PayloadEnricher> bySource = new java.util.HashMap<>();
        enrichers.orderedStream().forEach(e -> bySource.put(e.sourceId(), e.enricher()));
        return new LeadIntake(mappings, committer, json, properties.intake().ackTimeout(), bySource);
    }

    /** Maps acknowledged webhook and mail submissions into leads and kept rejections, after their acknowledgement. */
    @Bean
    LedgerStage submissionMapper(Inbox inbox, @Lazy LeadIntake channelIntake, LeadRouterProperties properties, LedgerPollComponent stages) {
        int batch = Math.max(1, properties.processing().batchSize() / 5);
        return new LedgerStage(LedgerStage.MAP, () -> {
            Inbox.MapResult result = inbox.mapPending(batch, stored -> {
                try {
                    return channelIntake.map(stored);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(LeadRouterConfiguration.class)
                            .warn("submission {} from {} will be mapped again later: {}", stored.submissionId(), stored.sourceId(), e.getMessage());
                    throw e;
                }
            });
            if (result.leads() > 0) {
                stages.wake(LedgerStage.DECIDE);
            }
            if (result.submissions() > 0) {
                stages.wake(LedgerStage.FEEDBACK);
            }
            return result.submissions();
        }, properties.processing().sweepInterval());
    }

    /**
     * Camel's servlet for {@code /intake/*}: requests go straight from the filters to the route on the request
     * thread. Spring MVC's dispatch (platform-http) cost ~300 µs CPU per request plus an async re-dispatch. No
     * multipart config: the edge filter keeps the exact bytes and intake parses them. Each source is one exact path
     * ({@code servlet:<source>}), so the servlet finds its route by that path in a map: Camel's default resolver
     * wraps every consumer as a REST path and matches templates for each request first (1.4 % of the service's CPU at
     * 64 connections), for REST DSL routes, which intake has none of.
     */
    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> intakeServlet(
            @Value("${camel.component.servlet.servlet-name:CamelServlet}") String servletName) {
        CamelHttpTransportServlet servlet = new CamelHttpTransportServlet() {
            @Override
            public void init(ServletConfig config) throws ServletException {
                super.init(config); // installs the REST resolver
                setServletResolveConsumerStrategy(new ExactPathResolver());
            }
        };
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(servlet, IntakeEdgeFilter.PREFIX + "*");
        registration.setName(servletName);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The route whose path is the request's path exactly (one string comparison per source); anything else as Camel's
     * plain resolver does, which collects and filters every consumer's candidate paths with a stream per request (its
     * own exact lookup is by endpoint URI, so it never hits for a request path).
     */
    static final class ExactPathResolver extends HttpServletResolveConsumerStrategy {
        @Override
        protected HttpConsumer doResolve(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
            String path = request.getPathInfo();
            if (path != null) {
                for (HttpConsumer consumer : consumers.values()) {
                    if (samePath(path, consumer.getPath()) && !consumer.getEndpoint().isMatchOnUriPrefix()) {
                        return consumer;
                    }
                }
            }
            return super.doResolve(request, method, consumers);
        }

        /** {@code /form-website} and {@code form-website} name the same path. */
        static boolean samePath(String requestPath, String consumerPath) {
            if (consumerPath == null) {
                return false;
            }
            int a = requestPath.startsWith("/") ? 1 : 0;
            int b = consumerPath.startsWith("/") ? 1 : 0;
            return requestPath.length() - a == consumerPath.length() - b
                    && requestPath.regionMatches(a, consumerPath, b, consumerPath.length() - b);
        }
    }

    @Bean
    FormGuard formGuard(LeadRouterProperties properties, Clock clock) {
        return new FormGuard(properties, clock);
    }

    @Bean("leadHttpEdge")
    HttpIntakeEdge leadHttpEdge(ObjectMapper json, LeadRouterProperties properties, FormGuard formGuard) {
        return new HttpIntakeEdge(json, properties, formGuard);
    }

    /**
     * Intake requests are measured by their Camel routes and the intake's own counters. Spring MVC's per-request
     * observation (a long-task timer, a timer and their tags for every request) took 4-5 % of the CPU of a form post
     * in the intake profile (README Performance), so /intake/ requests are left out of it; the API keeps it.
     */
    @Bean
    ObservationPredicate intakeRequestsNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier() != null && server.getCarrier().getRequestURI().startsWith("/intake/"));
    }

    @Bean("leadInternalHeaders")
    Processor leadInternalHeaders(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.internalHeadersStep();
    }

    @Bean("leadFormStep")
    Processor leadFormStep(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.formStep();
    }

    @Bean("leadFormAnswer")
    Processor leadFormAnswer(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.formAnswer();
    }

    @Bean("leadReadStep")
    Processor leadReadStep(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.readStep();
    }

    @Bean("leadWebhookStep")
    Processor leadWebhookStep(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.webhookStep();
    }

    @Bean("leadWebhookAnswer")
    Processor leadWebhookAnswer(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.webhookAnswer();
    }

    @Bean("leadHubChallenge")
    Processor leadHubChallenge(HttpIntakeEdge leadHttpEdge) {
        return leadHttpEdge.hubChallengeStep();
    }

    @Bean("leadMailEdge")
    MailIntakeEdge leadMailEdge(@Lazy LeadIntake channelIntake) {
        return new MailIntakeEdge(channelIntake);
    }

    @Bean("leadIntake")
    IntakeSink leadIntake(LeadIntake channelIntake) {
        return new IntakeSink(channelIntake);
    }

    @Bean("lead-auth")
    SourceAuthComponent leadAuthComponent(LeadRouterProperties properties, Clock clock) {
        return new SourceAuthComponent(properties, clock);
    }

    @Bean
    FilterRegistrationBean<IntakeEdgeFilter> intakeEdgeFilter(MappingCatalog mappings, LeadRouterProperties properties) {
        FilterRegistrationBean<IntakeEdgeFilter> registration = new FilterRegistrationBean<>(
                new IntakeEdgeFilter(mappings.sourceIds(), properties.intake().maxBodyBytes(),
                        sourceId -> FormGuard.allowedOrigins(properties, sourceId)));
        registration.addUrlPatterns(IntakeEdgeFilter.PREFIX + "*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /*
     * Spring Boot's request-context and form-content filters, stepping aside for /intake/*: intake runs on Camel's
     * servlet, which reads neither Spring's request context nor form parameters, and each of these filters cost ~1-2 µs
     * a request in request-attribute and thread-local bookkeeping. Declaring them here replaces Boot's
     * (@ConditionalOnMissingBean); everything else gets them as before.
     */
    @Bean
    OrderedRequestContextFilter requestContextFilter() {
        return new OrderedRequestContextFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return IntakeEdgeFilter.isIntake(request);
            }
        };
    }

    @Bean
    OrderedFormContentFilter formContentFilter() {
        return new OrderedFormContentFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return IntakeEdgeFilter.isIntake(request);
            }
        };
    }

    /**
     * Jackson's Blackbird module: the application's ObjectMapper (Boot registers every Module bean) gets and sets
     * properties through generated lambdas instead of reflective calls — the decision, receipt and CRM-write JSON of
     * every lead go through it.
     */
    @Bean
    com.fasterxml.jackson.databind.Module blackbirdModule() {
        return new com.fasterxml.jackson.module.blackbird.BlackbirdModule();
    }

    @Bean
    AdminToken adminToken(@Value("${leadrouter.security.admin-token:}") String configured, LeadRouterProperties properties) {
        return AdminToken.resolve(configured, properties.dataDir());
    }

    @Bean
    PolicyController.SourceCrms sourceCrms(MappingCatalog mappings) {
        return sourceId -> mappings.find(sourceId).map(m -> m.crms()).orElse(java.util.List.of());
    }

    @Bean
    RepTokens repTokens(JdbcTemplate jdbc, Clock clock) {
        return new RepTokens(jdbc, clock);
    }

    @Bean
    AuditLog auditLog(JdbcTemplate jdbc, Clock clock) {
        return new AuditLog(jdbc, clock);
    }

    @Bean
    FilterRegistrationBean<ApiAuthFilter> apiAuthFilter(AdminToken token, RepTokens repTokens, Policy policy) {
        FilterRegistrationBean<ApiAuthFilter> registration = new FilterRegistrationBean<>(new ApiAuthFilter(token, repTokens, policy));
        registration.addUrlPatterns("/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
