package io.leadrouter.pipeline;

import java.util.List;
import org.apache.camel.builder.RouteBuilder;

/** Builds one Camel route per {@link LedgerStage}, so route metrics, JMX and error handling see every stage. */
public class LedgerStageRoutes extends RouteBuilder {
    private final List<LedgerStage> stages;

    public LedgerStageRoutes(List<LedgerStage> stages) {
        this.stages = List.copyOf(stages);
    }

    @Override
    public void configure() {
        for (LedgerStage stage : stages) {
            from("ledger-poll:" + stage.name() + "?delay=" + stage.idle().toMillis() + "&linger=" + stage.linger().toMillis()
                    + "&batch=" + stage.batch() + "&concurrency=" + stage.concurrency())
                    .routeId(stage.name())
                    // the poll consumer logs a failing stage once per streak; the default handler logs every failed poll
                    .errorHandler(noErrorHandler())
                    .process(exchange -> exchange.getMessage().setBody(stage.step().getAsInt()));
        }
    }
}
