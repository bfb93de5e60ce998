package io.leadrouter.pipeline;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Same-person dedupe on PostgreSQL: identities are looked up one index probe each (LATERAL … LIMIT 1). */
class SamePersonPgTest extends AbstractSamePersonTest {
    static EmbeddedPostgres postgres = start();

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void postgresql(DynamicPropertyRegistry registry) {
        registry.add("leadrouter.test.jdbc-url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("leadrouter.test.database", () -> "same-person-pg");
        registry.add("camel.component.servlet.servlet-name", () -> "SamePersonPgTestServlet");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }
}
