package io.leadrouter.pipeline;

import io.leadrouter.distribution.Crms;
import io.leadrouter.ledger.CrmRosters;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roster sync routes, one per synced CRM: {@code <crm>-roster-sync} (timer, once at start and then every interval)
 * and {@code direct:<crm>-roster} (the same on demand, from the admin API) fetch the CRM's users, store them for every
 * replica and reload this replica's {@link CrmRosterView}. A replica skips the fetch when another one fetched within
 * half the interval. A failed fetch is recorded (admin API, log) and changes nothing.
 */
public class CrmRosterSync extends RouteBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(CrmRosterSync.class);
    static final String FORCE = "LeadRouterRosterForce";

    private final CrmRosters store;
    private final CrmRosterView view;
    private final Map<String, Supplier<CrmRosters.Fetched>> fetchers;
    private final Map<String, Duration> intervals;
    private final Clock clock;

    /** {@code fetchers} and {@code intervals}: per synced CRM. */
    public CrmRosterSync(CrmRosters store, CrmRosterView view, Map<String, Supplier<CrmRosters.Fetched>> fetchers,
            Map<String, Duration> intervals, Clock clock) {
        this.store = store;
        this.view = view;
        this.fetchers = Map.copyOf(fetchers);
        this.intervals = Map.copyOf(intervals);
        this.clock = clock;
    }

    /** The endpoint that syncs {@code crm} now, whatever another replica did. */
    static String refreshUri(String crm) {
        return "direct:" + crm + "-roster";
    }

    @Override
    public void configure() {
        for (String crm : fetchers.keySet()) {
            long period = intervals.get(crm).toMillis();
            from("timer:" + crm + "-roster?delay=0&period=" + period).routeId(crm + "-roster-sync")
                    .to(refreshUri(crm));
            from(refreshUri(crm)).routeId(crm + "-roster-fetch")
                    .onException(Exception.class).handled(true)
                        .process(exchange -> failed(crm, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)))
                    .end()
                    .choice()
                        .when(exchange -> exchange.getMessage().getHeader(FORCE, false, Boolean.class) || due(crm))
                            .process(exchange -> exchange.getMessage().setBody(fetchers.get(crm).get()))
                            .process(exchange -> stored(crm, exchange.getMessage().getBody(CrmRosters.Fetched.class)))
                        .otherwise()
                            .process(exchange -> view.reload())
                    .end();
        }
    }

    /** Whether no replica fetched the roster within half the interval. */
    private boolean due(String crm) {
        return !store.fetchedAfter(crm, clock.instant().minus(intervals.get(crm).dividedBy(2)));
    }

    private void stored(String crm, CrmRosters.Fetched fetched) {
        store.store(crm, fetched);
        view.reload();
        LOG.info("{} roster: {} users ({} active), {} queues", Crms.displayName(crm), fetched.users().size(),
                fetched.users().stream().filter(CrmRosters.User::active).count(), fetched.queueMembers().size());
    }

    private void failed(String crm, Exception failure) {
        Throwable cause = failure;
        while (cause instanceof org.apache.camel.CamelExecutionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String status = cause instanceof org.apache.camel.component.salesforce.api.SalesforceException sf && sf.getStatusCode() > 0
                ? " (HTTP " + sf.getStatusCode() + ")" : "";
        String reason = cause == null ? "unknown error" : cause.getClass().getSimpleName() + status + ": " + cause.getMessage();
        LOG.warn("{} roster sync failed; the last roster stays in force: {}", Crms.displayName(crm), reason);
        try {
            store.failed(crm, reason);
        } finally {
            view.reload();
        }
    }
}
