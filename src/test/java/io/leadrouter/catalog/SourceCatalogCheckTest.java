package io.leadrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceCatalogCheckTest {

    private static final String ROUTE = """
            - route:
                id: %1$s
                from:
                  uri: kamelet:lead-webhook-source
                  parameters:
                    source: %1$s
                  steps:
                    - to:
                        uri: kamelet:lead-intake-sink
                        parameters:
                          source: %1$s
            """;

    private static final String MAPPING = """
            source: %s
            title: Test
            description: A test source.
            crm: salesforce
            fields:
              email: { from: email }
            examples:
              - { name: accepted, input: { email: A@b.io }, expect: { email: a@b.io } }
            """;

    @TempDir
    Path root;

    private SourceCatalogCheck check() {
        return new SourceCatalogCheck(root);
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void pair(String id) throws IOException {
        write("routes/" + id + ".camel.yaml", ROUTE.formatted(id));
        write("mappings/" + id + ".mapping.yaml", MAPPING.formatted(id));
    }

    @Test
    void aCompletePairHasNoProblems() throws IOException {
        pair("form-a");
        write("routes/mail-b.camel.yaml", ROUTE.formatted("mail-b").replace("lead-webhook-source", "lead-mail-source")
                .replace("uri: kamelet:lead-intake-sink\n", "uri: kamelet:lead-intake-sink?source=mail-b\n")
                .replace("      parameters:\n          source: mail-b\n", ""));
        write("mappings/mail-b.mapping.yaml", MAPPING.formatted("mail-b"));
        assertThat(check().checkAll()).isEmpty();
    }

    @Test
    void reportsMissingPartners() throws IOException {
        write("routes/lonely.camel.yaml", ROUTE.formatted("lonely"));
        write("mappings/orphan.mapping.yaml", MAPPING.formatted("orphan"));
        assertThat(check().checkAll()).containsExactly(
                "routes/lonely.camel.yaml: has no mapping — fix: add mappings/lonely.mapping.yaml describing how its "
                        + "payload becomes a lead",
                "mappings/orphan.mapping.yaml: has no route — fix: add routes/orphan.camel.yaml starting from "
                        + "one of kamelet:lead-form-source, kamelet:lead-webhook-source, kamelet:lead-soap-source, kamelet:lead-mail-source, kamelet:lead-cdc-source and ending in kamelet:lead-intake-sink");
    }

    @Test
    void reportsBadRouteNames() throws IOException {
        write("routes/Form_A.camel.yaml", ROUTE.formatted("Form_A"));
        write("routes/form-b.yaml", ROUTE.formatted("form-b"));
        assertThat(check().checkAll()).containsExactly(
                "routes/Form_A.camel.yaml: is not named <id>.camel.yaml — fix: rename it to <source id>.camel.yaml "
                        + "using lower-case letters, digits and dashes",
                "routes/form-b.yaml: is not named <id>.camel.yaml — fix: rename it to <source id>.camel.yaml using "
                        + "lower-case letters, digits and dashes");
    }

    @Test
    void reportsWrongIdsAndEnds() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", """
                - route:
                    id: form-x
                    from:
                      uri: platform-http:/intake
                      steps:
                        - to: kamelet:lead-intake-sink?source=form-x
                """);
        assertThat(check().checkRoute(root.resolve("routes/form-a.camel.yaml"))).containsExactly(
                "routes/form-a.camel.yaml: route id 'form-x' does not match the file name — fix: set id: form-a or "
                        + "rename the file to form-x.camel.yaml",
                "routes/form-a.camel.yaml: starts from 'platform-http:/intake' — fix: start from one of "
                        + "kamelet:lead-form-source, kamelet:lead-webhook-source, kamelet:lead-soap-source, kamelet:lead-mail-source, kamelet:lead-cdc-source",
                "routes/form-a.camel.yaml: ends in kamelet:lead-intake-sink with source 'form-x' — fix: set the "
                        + "sink's source parameter to form-a");
    }

    @Test
    void reportsARouteThatDoesNotEndInTheSink() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", ROUTE.formatted("form-a").replace("kamelet:lead-intake-sink", "log:x"));
        assertThat(check().checkRoute(root.resolve("routes/form-a.camel.yaml")))
                .singleElement().asString()
                .startsWith("routes/form-a.camel.yaml: does not end with 'to: kamelet:lead-intake-sink' — fix:");
    }

    @Test
    void reportsLiteralSecretsButNotPlaceholders() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", """
                - route:
                    id: form-a
                    from:
                      uri: kamelet:lead-webhook-source
                      parameters:
                        source: form-a
                        hmacSecret: s3cr3t
                        apiKey: "{{FORM_A_API_KEY}}"
                      steps:
                        - to: "https://example.com/hook?access_token=abc&x=1"
                        - to:
                            uri: kamelet:lead-intake-sink
                            parameters:
                              source: form-a
                """);
        assertThat(check().checkRoute(root.resolve("routes/form-a.camel.yaml"))).containsExactly(
                "routes/form-a.camel.yaml: parameter 'hmacSecret' holds a literal secret — fix: replace its value with "
                        + "a placeholder such as {{hmacSecret}} and supply it from the environment or a Kubernetes Secret",
                "routes/form-a.camel.yaml: parameter 'access_token' holds a literal secret — fix: replace its value "
                        + "with a placeholder such as {{access_token}} and supply it from the environment or a "
                        + "Kubernetes Secret");
    }

    @Test
    void reportsRetriesAndCrmCalls() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", """
                - route:
                    id: form-a
                    from:
                      uri: kamelet:lead-webhook-source
                      steps:
                        - to: "salesforce:createSObject?sObjectName=Lead"
                        - to: "http://example.com?maximumRedeliveries=3"
                        - circuitBreaker: {}
                        - to: kamelet:lead-intake-sink?source=form-a
                """);
        List<String> problems = check().checkRoute(root.resolve("routes/form-a.camel.yaml"));
        assertThat(problems).containsExactly(
                "routes/form-a.camel.yaml: calls 'salesforce:createSObject?sObjectName=Lead' — fix: remove the CRM "
                        + "call: routes end at kamelet:lead-intake-sink and the CRM writers deliver leads",
                "routes/form-a.camel.yaml: sets 'maximumRedeliveries' on an endpoint — fix: remove it: routes do not "
                        + "retry; the inbox and outbox handle redelivery",
                "routes/form-a.camel.yaml: configures 'circuitBreaker' — fix: remove it: routes do not retry; the "
                        + "inbox and the CRM writers' outbox handle redelivery");
    }

    @Test
    void reportsInvalidYamlOnOneLine() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", "- route:\n    id: form-a\n  from: x: y\n");
        assertThat(check().checkRoute(root.resolve("routes/form-a.camel.yaml"))).singleElement().asString()
                .startsWith("routes/form-a.camel.yaml: is not valid YAML (").doesNotContain("\n")
                .endsWith("— fix: correct the YAML syntax");
    }

    @Test
    void reportsMappingProblemsAndFailingExamples() throws IOException {
        pair("form-a");
        write("mappings/form-a.mapping.yaml", MAPPING.formatted("form-a").replace("a@b.io }", "b@b.io }"));
        pair("form-b");
        write("mappings/form-b.mapping.yaml", MAPPING.formatted("form-b").replace("crm: salesforce", "crm: x"));
        assertThat(check().checkAll()).containsExactly(
                "mappings/form-a.mapping.yaml: example 'accepted': email expected 'b@b.io' but was 'a@b.io' — fix: "
                        + "correct the example's expectation or the field mapping",
                "mappings/form-b.mapping.yaml: crm 'x' is not supported — fix: set crm to one of salesforce, hubspot");
    }

    @Test
    void reportsARouteFileThatIsNotOneRoute() throws IOException {
        pair("form-a");
        write("routes/form-a.camel.yaml", "- beans: []\n");
        assertThat(check().checkRoute(root.resolve("routes/form-a.camel.yaml"))).containsExactly(
                "routes/form-a.camel.yaml: does not hold exactly one '- route:' — fix: keep one route per file, shaped "
                        + "like routes/form-website.camel.yaml");
    }
}
