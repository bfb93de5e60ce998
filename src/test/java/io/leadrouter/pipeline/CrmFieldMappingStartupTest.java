package io.leadrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadrouter.LeadRouterApplication;
import io.leadrouter.crm.CrmFieldMapException;
import io.leadrouter.testing.TempDirs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

/** A CRM field mapping that cannot work stops the start, and the report names each property and the fix. */
class CrmFieldMappingStartupTest {

    @Test
    void anUnknownCanonicalFieldOrABadSalesforceFieldNameFailsTheStartNamingTheProperty() throws Exception {
        Path data = TempDirs.create("leadrouter-bad-fields");
        Throwable failure = catchThrowable(() -> {
            try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(LeadRouterApplication.class)
                    .web(WebApplicationType.SERVLET)
                    .properties("server.port=0", "leadrouter.data-dir=" + data,
                            "spring.datasource.url=jdbc:h2:mem:badfields;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                            "leadrouter.security.admin-token=test-admin-token-0123456789",
                            "leadrouter.crm.salesforce.fields.CountryCode=contry",
                            "leadrouter.crm.salesforce.fields.[UTM Source]=attributes.utm_source")
                    .run()) {
                // started: the assertion below fails
            }
        });

        assertThat(failure).as("the application must not start").isNotNull();
        Throwable cause = failure;
        while (cause != null && !(cause instanceof CrmFieldMapException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("caused by the field mapping: " + failure).isInstanceOf(CrmFieldMapException.class);
        FailureAnalysis analysis = new StartupProblemAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).contains("the CRM field mapping has 2 problem(s)",
                "leadrouter.crm.salesforce.fields.CountryCode: unknown canonical field 'contry' (did you mean 'country'?)",
                "leadrouter.crm.salesforce.fields.UTM Source: 'UTM Source' is not a valid Salesforce Lead field name");
        assertThat(analysis.getAction()).contains("Fix the setting(s) named above");
    }
}
