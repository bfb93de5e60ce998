package io.leadrouter.pipeline;

import io.leadrouter.api.BoardEvents;
import io.leadrouter.ledger.ConsoleQueries;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wiring for the console and the pull board: the overview's queries and the board-watch route. */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    ConsoleQueries consoleQueries(JdbcTemplate jdbc) {
        return new ConsoleQueries(jdbc);
    }

    /**
     * Route {@code board-watch}: while any board is open, checks the queues' fingerprint every second and tells the
     * boards to re-read when it moved (new leads, expiries, escalations, changes on other replicas); every 15 s it
     * sends a keep-alive. Changes made through this replica's API reach the boards at once, without it.
     */
    @Bean
    RouteBuilder boardWatchRoute(BoardEvents board, ConsoleQueries queries) {
        return new RouteBuilder() {
            private String last = "";
            private long ticks;

            @Override
            public void configure() {
                from("timer:board-watch?period=1000&delay=1000").routeId("board-watch").process(exchange -> {
                    if (!board.anyoneWatching()) {
                        return;
                    }
                    String now = queries.boardFingerprint();
                    if (!now.equals(last)) {
                        last = now;
                        board.refresh();
                    }
                    if (++ticks % 15 == 0) {
                        board.heartbeat();
                    }
                });
            }
        };
    }
}
