package io.leadrouter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart in helm/leadrouter, checked with Helm's own lint and template (helm-java): strict lint with the default
 * values and with each ci/&lt;feature&gt;-values.yaml, every ci file rendered and its objects asserted on, schema
 * violations refused naming the key, and the conventions of DESIGN §7 rule 9 (every value commented and typed).
 */
class ChartTest {
    static final Path CHART = Path.of("helm", "leadrouter");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    static Stream<Path> ciValuesFiles() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("ci"))) {
            List<Path> list = files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
            assertThat(list).as("ci/<feature>-values.yaml files").isNotEmpty();
            return list.stream();
        }
    }

    @Test
    void lintStrictPassesWithTheDefaultValues() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValuesFiles")
    void lintStrictPassesWithEachCiValuesFile(Path values) throws IOException {
        LintResult result = new Helm(chartWithValues(values)).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict with %s: %s", values, result.getMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciValuesFiles")
    void everyCiValuesFileRendersAHardenedDeployment(Path values) {
        Rendered rendered = render(values);
        JsonNode pod = rendered.one("Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(mountPath(container, "tmp")).isEqualTo("/tmp");
        assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.path("startupProbe").path("httpGet").path("port").asText()).isEqualTo("management");
        assertThat(env(container, "MANAGEMENT_SERVER_PORT").path("value").asText()).isEqualTo("9090");
        assertThat(env(container, "LEADROUTER_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef").path("name").asText())
                .as("the admin token always comes from a Secret, never generated per pod").isNotEmpty();
        JsonNode annotations = rendered.one("Deployment").path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("checksum/routes").asText()).hasSize(64);
        assertThat(annotations.path("checksum/mappings").asText()).hasSize(64);
        assertThat(annotations.path("checksum/policy").asText()).hasSize(64);
        for (JsonNode object : rendered.objects) {
            assertThat(object.path("metadata").path("labels").path("app.kubernetes.io/instance").asText())
                    .as("%s %s carries the standard labels", object.path("kind").asText(), object.path("metadata").path("name").asText())
                    .isEqualTo("lr");
        }
    }

    @Test
    void defaultsRunOnePodWithTheRepositoryFilesAndNoOptionalObjects() throws Exception {
        Rendered rendered = render(null);
        assertThat(rendered.kinds()).containsExactlyInAnyOrder("ConfigMap", "ConfigMap", "ConfigMap",
                "ServiceAccount", "Service", "Service", "Deployment");
        JsonNode deployment = rendered.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).as("the image Jib builds (pom.xml's version)")
                .isEqualTo("leadrouter:" + projectVersion());
        assertThat(container.path("resources").path("limits").path("memory").asText()).isEqualTo("512Mi");
        assertThat(env(container, "SPRING_DATASOURCE_URL").isMissingNode()).as("no PostgreSQL configured").isTrue();
        assertThat(env(container, "SPRING_CONFIG_IMPORT").isMissingNode()).isTrue();

        assertThat(rendered.configMap("lr-leadrouter-routes")).isEqualTo(repoFiles(Path.of("routes"), ".camel.yaml"));
        assertThat(rendered.configMap("lr-leadrouter-mappings")).isEqualTo(repoFiles(Path.of("mappings"), ".mapping.yaml"));
        assertThat(rendered.configMap("lr-leadrouter-policy"))
                .isEqualTo(Map.of("distribution.yaml", Files.readString(Path.of("policy", "distribution.yaml"))));
        assertThat(mountPath(container, "routes")).isEqualTo("/app/routes");
        assertThat(mountPath(container, "mappings")).isEqualTo("/app/mappings");
        assertThat(mountPath(container, "policy")).isEqualTo("/app/policy");

        // the generated admin token is a pre-install hook (created once, never rotated by an upgrade); helm-java's
        // template returns the release manifest without hooks, so the hook's template is checked as written
        String adminSecret = Files.readString(CHART.resolve("templates/secret-admin.yaml"));
        assertThat(adminSecret).contains("helm.sh/hook: pre-install").contains("admin-token: {{ randAlphaNum 48 | b64enc");
        assertThat(env(container, "LEADROUTER_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef").path("name").asText())
                .isEqualTo("lr-leadrouter-admin");
        assertThat(env(container, "LEADROUTER_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef").path("key").asText())
                .isEqualTo("admin-token");
    }

    @Test
    void aChangedRouteMappingOrPolicyRollsThePods() throws IOException {
        JsonNode before = podAnnotations(render(null));
        Path changed = temp.resolve("changed-route-values.yaml");
        Files.writeString(changed, """
                routes:
                  files:
                    form-website.camel.yaml: "- route: {id: changed}"
                """);
        JsonNode after = podAnnotations(render(changed));
        assertThat(after.path("checksum/routes").asText()).isNotEqualTo(before.path("checksum/routes").asText());
        assertThat(after.path("checksum/mappings").asText()).isEqualTo(before.path("checksum/mappings").asText());
        assertThat(after.path("checksum/policy").asText()).isEqualTo(before.path("checksum/policy").asText());

        Path policy = temp.resolve("changed-policy-values.yaml");
        Files.writeString(policy, "policy:\n  distribution: \"teams: []\"\n");
        JsonNode afterPolicy = podAnnotations(render(policy));
        assertThat(afterPolicy.path("checksum/policy").asText()).isNotEqualTo(before.path("checksum/policy").asText());
        assertThat(afterPolicy.path("checksum/routes").asText()).isEqualTo(before.path("checksum/routes").asText());
    }

    @Test
    void postgresqlRunsReplicasWithSecretsFromExistingSecrets() {
        Rendered rendered = render(CHART.resolve("ci/postgresql-values.yaml"));
        JsonNode deployment = rendered.one("Deployment");
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(deployment.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(env(container, "SPRING_DATASOURCE_URL").path("value").asText()).isEqualTo("jdbc:postgresql://postgres.db.svc:5432/leadrouter");
        assertThat(env(container, "SPRING_DATASOURCE_USERNAME").path("value").asText()).isEqualTo("leadrouter");
        JsonNode password = env(container, "SPRING_DATASOURCE_PASSWORD").path("valueFrom").path("secretKeyRef");
        assertThat(password.path("name").asText()).isEqualTo("leadrouter-db");
        assertThat(password.path("key").asText()).isEqualTo("postgres-password");
        assertThat(env(container, "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE").path("value").asText()).isEqualTo("8");
        JsonNode admin = env(container, "LEADROUTER_ADMIN_TOKEN").path("valueFrom").path("secretKeyRef");
        assertThat(admin.path("name").asText()).isEqualTo("leadrouter-admin");
        assertThat(admin.path("key").asText()).isEqualTo("token");
        assertThat(rendered.kinds()).as("no generated admin Secret when one is given").doesNotContain("Secret");
    }

    @Test
    void crmAndSourceSecretsAreMountedAsSpringConfigTrees() throws IOException {
        JsonNode pod = render(CHART.resolve("ci/crm-values.yaml")).one("Deployment").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);
        assertThat(env(container, "SPRING_CONFIG_IMPORT").path("value").asText()).isEqualTo("optional:configtree:/etc/leadrouter/secrets/*/");
        assertThat(mountPath(container, "secret-crm-salesforce")).isEqualTo("/etc/leadrouter/secrets/crm-salesforce");
        assertThat(volume(pod, "secret-crm-salesforce").path("secret").path("secretName").asText()).isEqualTo("leadrouter-salesforce");
        assertThat(volume(pod, "secret-crm-hubspot").path("secret").path("secretName").asText()).isEqualTo("leadrouter-hubspot");
        assertThat(volume(pod, "secret-sources").path("secret").path("secretName").asText()).isEqualTo("leadrouter-sources");
        assertThat(env(container, "LEADROUTER_CRM_SALESFORCE_ENABLED").path("value").asText()).isEqualTo("true");
        assertThat(env(container, "LEADROUTER_CRM_HUBSPOT_ENABLED").path("value").asText()).isEqualTo("true");
        JsonNode config = JSON.readTree(env(container, "SPRING_APPLICATION_JSON").path("value").asText());
        assertThat(config.at("/leadrouter/sources/form-website/rate-limit").asInt()).isEqualTo(120);
        assertThat(env(container, "LOGGING_LEVEL_IO_LEADROUTER").path("value").asText()).isEqualTo("DEBUG");
    }

    @Test
    void ownSourcesAndPolicyAreMergedOverTheShippedFiles() throws IOException {
        Rendered rendered = render(CHART.resolve("ci/sources-values.yaml"));
        Map<String, String> routes = rendered.configMap("lr-leadrouter-routes");
        assertThat(routes).containsKey("form-acme.camel.yaml").containsAllEntriesOf(repoFiles(Path.of("routes"), ".camel.yaml"));
        assertThat(rendered.configMap("lr-leadrouter-mappings")).containsKey("form-acme.mapping.yaml");
        assertThat(rendered.configMap("lr-leadrouter-policy").get("distribution.yaml")).startsWith("# a replaced policy");
    }

    @Test
    void autoscalingLeavesReplicasToTheHpa() {
        Rendered rendered = render(CHART.resolve("ci/autoscaling-values.yaml"));
        assertThat(rendered.one("Deployment").path("spec").has("replicas")).isFalse();
        JsonNode hpa = rendered.one("HorizontalPodAutoscaler");
        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo("lr-leadrouter");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.path("spec").path("maxReplicas").asInt()).isEqualTo(5);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(65);
    }

    @Test
    void podDisruptionBudgetSelectsThePods() {
        JsonNode pdb = render(CHART.resolve("ci/pdb-values.yaml")).one("PodDisruptionBudget");
        assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo("lr");
    }

    @Test
    void serviceMonitorScrapesTheManagementPort() {
        Rendered rendered = render(CHART.resolve("ci/servicemonitor-values.yaml"));
        JsonNode monitor = rendered.one("ServiceMonitor");
        assertThat(monitor.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/actuator/prometheus");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("management");
        JsonNode management = rendered.objects.stream()
                .filter(o -> o.path("kind").asText().equals("Service") && o.at("/metadata/labels/app.kubernetes.io~1component").asText().equals("management"))
                .findFirst().orElseThrow();
        assertThat(management.at("/spec/ports/0/name").asText()).isEqualTo("management");
        assertThat(management.at("/spec/ports/0/port").asInt()).isEqualTo(9090);
    }

    @Test
    void networkPolicyOpensTheManagementPortToMonitoringOnly() {
        JsonNode policy = render(CHART.resolve("ci/networkpolicy-values.yaml")).one("NetworkPolicy");
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
        assertThat(policy.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("ingress-nginx");
        assertThat(policy.at("/spec/ingress/1/ports/0/port").asText()).isEqualTo("management");
        assertThat(policy.at("/spec/ingress/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText()).isEqualTo("monitoring");
    }

    @Test
    void ingressRoutesToTheHttpPortOnly() {
        JsonNode ingress = render(CHART.resolve("ci/ingress-values.yaml")).one("Ingress");
        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("leads.example.com");
        assertThat(ingress.at("/spec/rules/0/http/paths/0/path").asText()).isEqualTo("/intake");
        assertThat(ingress.at("/spec/rules/0/http/paths/1/backend/service/port/name").asText()).isEqualTo("http");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("leads-example-com-tls");
    }

    @Test
    void dashboardShipsAsAConfigMapForGrafanasSidecar() throws IOException {
        Rendered rendered = render(CHART.resolve("ci/dashboard-values.yaml"));
        JsonNode map = rendered.objects.stream().filter(o -> o.at("/metadata/name").asText().equals("lr-leadrouter-dashboard")).findFirst().orElseThrow();
        assertThat(map.at("/metadata/namespace").asText()).isEqualTo("monitoring");
        assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(map.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Sales");
        JsonNode dashboard = JSON.readTree(map.at("/data/leadrouter.json").asText());
        assertThat(dashboard).isEqualTo(JSON.readTree(CHART.resolve("dashboards/leadrouter.json").toFile()));
        assertThat(dashboard.path("panels").size()).isGreaterThan(5);
    }

    @Test
    void dashboardPanelsHaveUniqueIdsTheDatasourceVariableAndDoNotOverlap() throws IOException {
        JsonNode dashboard = JSON.readTree(CHART.resolve("dashboards/leadrouter.json").toFile());
        Set<Integer> ids = new TreeSet<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s of '%s' is unique", panel.path("id"), title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("'%s' fits the 24 columns", title).isLessThanOrEqualTo(24);
            assertThat(grid.path("w").asInt()).as("'%s' has a width", title).isPositive();
            assertThat(grid.path("h").asInt()).as("'%s' has a height", title).isPositive();
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as("'%s' queries the chosen data source", title).isEqualTo("${datasource}");
                assertThat(panel.path("targets")).as("'%s' has queries", title).isNotEmpty();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as("'%s' filters by the namespace and pod variables", title)
                            .contains("namespace=~\"$namespace\"", "pod=~\"$pod\"");
                }
            }
        }
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                JsonNode a = panels.get(i).path("gridPos");
                JsonNode b = panels.get(j).path("gridPos");
                boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                assertThat(overlap).as("'%s' and '%s' overlap", panels.get(i).path("title").asText(), panels.get(j).path("title").asText())
                        .isFalse();
            }
        }
    }

    @Test
    void dashboardHasACrmWriteBackRow() throws IOException {
        JsonNode dashboard = JSON.readTree(CHART.resolve("dashboards/leadrouter.json").toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        JsonNode row = panels.stream().filter(p -> "row".equals(p.path("type").asText()) && "CRM write-back".equals(p.path("title").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no 'CRM write-back' row"));
        Set<String> below = new TreeSet<>();
        for (JsonNode panel : panels) {
            if (panel.at("/gridPos/y").asInt() > row.at("/gridPos/y").asInt()) {
                for (JsonNode target : panel.path("targets")) {
                    below.addAll(DashboardQueries.metricNames(target.path("expr").asText()));
                }
            }
        }
        assertThat(below).containsExactlyInAnyOrder("leadrouter_crm_written_seconds_bucket", "leadrouter_crm_outbox_depth",
                "leadrouter_crm_calls_total", "leadrouter_crm_errors_total", "leadrouter_crm_rate_limited_total",
                "leadrouter_crm_dead_letters_total", "leadrouter_crm_records_total", "leadrouter_crm_writer_paused",
                "leadrouter_crm_writer_limited", "leadrouter_crm_circuit_state");
        JsonNode written = panels.stream().filter(p -> p.path("title").asText().startsWith("Submit \u2192 written")).findFirst().orElseThrow();
        assertThat(written.path("targets").findValuesAsText("expr")).allSatisfy(expr ->
                assertThat(expr).startsWith("histogram_quantile(").contains("sum by (crm, le) (rate(leadrouter_crm_written_seconds_bucket{"));
        JsonNode circuit = panels.stream().filter(p -> p.path("targets").toString().contains("leadrouter_crm_circuit_state")).findFirst().orElseThrow();
        JsonNode mapping = circuit.at("/fieldConfig/defaults/mappings/0/options");
        assertThat(mapping.at("/0/text").asText()).isEqualTo("closed");
        assertThat(mapping.at("/1/text").asText()).isEqualTo("half-open");
        assertThat(mapping.at("/2/text").asText()).isEqualTo("open");
    }

    @Test
    void metricNamesAreReadFromPromQlNotFromFunctionsLabelsOrRanges() {
        assertThat(DashboardQueries.metricNames("histogram_quantile(0.99, sum by (crm, le) (rate(leadrouter_crm_written_seconds_bucket"
                + "{namespace=~\"$namespace\", le=\"+Inf\"}[$__rate_interval])))")).containsExactly("leadrouter_crm_written_seconds_bucket");
        assertThat(DashboardQueries.metricNames("max by (crm) (leadrouter_crm_outbox_depth) / on (crm) group_left (kind) "
                + "sum without (pod) (rate(leadrouter_crm_calls_total[5m] offset 1h)) > bool 1e3"))
                .containsExactly("leadrouter_crm_calls_total", "leadrouter_crm_outbox_depth");
        assertThat(DashboardQueries.metricNames("label_replace(hikaricp_connections_active{pod=~\"$pod\"}, \"state\", \"active\", \"\", \"\")"))
                .containsExactly("hikaricp_connections_active");
        assertThat(DashboardQueries.metricNames("rate(a_total[1m]) and ignoring(x) b_total unless c"))
                .containsExactly("a_total", "b_total", "c");
    }

    @Test
    void aValuesFileThatViolatesTheSchemaFailsLintAndTemplateNamingTheKey() throws IOException {
        Path bad = temp.resolve("bad-values.yaml");
        Files.writeString(bad, "replicaCount: three\n");
        LintResult lint = new Helm(chartWithValues(bad)).lint().strict().call();
        assertThat(lint.isFailed()).isTrue();
        assertThat(String.join("\n", lint.getMessages())).contains("replicaCount");
        assertThatThrownBy(() -> render(bad)).hasMessageContaining("replicaCount");

        Path unknown = temp.resolve("unknown-values.yaml");
        Files.writeString(unknown, "database:\n  password: hunter2\n");
        LintResult unknownLint = new Helm(chartWithValues(unknown)).lint().strict().call();
        assertThat(unknownLint.isFailed()).isTrue();
        assertThat(String.join("\n", unknownLint.getMessages())).contains("password");
        assertThatThrownBy(() -> render(unknown)).hasMessageContaining("password");
    }

    @Test
    void replicasWithoutPostgresqlAreRefusedWithTheFix() throws IOException {
        Path values = temp.resolve("replicas-values.yaml");
        Files.writeString(values, "replicaCount: 2\n");
        assertThatThrownBy(() -> render(values)).hasMessageContaining("database.url");
        Path noPassword = temp.resolve("no-password-values.yaml");
        Files.writeString(noPassword, "database:\n  url: jdbc:postgresql://db:5432/leadrouter\n");
        assertThatThrownBy(() -> render(noPassword)).hasMessageContaining("database.existingSecret");
    }

    @Test
    void everyValueIsCommentedAndTyped() throws IOException {
        JsonNode schema = JSON.readTree(CHART.resolve("values.schema.json").toFile());
        Map<String, Boolean> commented = commentedKeys(CHART.resolve("values.yaml"));
        Set<String> uncovered = new TreeSet<>();
        collectUncovered(schema, schema, "", commented, uncovered);
        assertThat(commented).containsKeys("replicaCount", "image.repository", "database.url", "grafanaDashboard.labelValue");
        assertThat(uncovered).as("values.yaml keys without a '# -- ' comment above them (or above their parent)").isEmpty();
        Set<String> untyped = new TreeSet<>();
        for (String key : commented.keySet()) {
            if (!typed(schema, schema, key)) {
                untyped.add(key);
            }
        }
        assertThat(untyped).as("values.yaml keys not described in values.schema.json").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Rendered render(Path values) {
        var template = new Helm(CHART).template().withName("lr").withNamespace("leads").withKubeVersion("v1.30.0");
        if (values != null) {
            template.withValuesFile(values);
        }
        return new Rendered(template.call());
    }

    /** A copy of the chart (symlinks resolved) whose values.yaml is the chart's with the given file merged over it. */
    private Path chartWithValues(Path values) throws IOException {
        Path copy = Files.createTempDirectory(temp, "chart").resolve("leadrouter");
        copyResolvingLinks(CHART, copy);
        ObjectNode merged = (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode overlay = YAML.readTree(values.toFile());
        merge(merged, overlay);
        Files.writeString(copy.resolve("values.yaml"), YAML.writeValueAsString(merged));
        return copy;
    }

    private static void merge(ObjectNode target, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode object && field.getValue().isObject()) {
                merge(object, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void copyResolvingLinks(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            for (Path source : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static Map<String, String> repoFiles(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            Map<String, String> contents = new HashMap<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String projectVersion() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        var children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if ("version".equals(children.item(i).getNodeName())) {
                return children.item(i).getTextContent().strip();
            }
        }
        throw new IllegalStateException("no <version> in pom.xml");
    }

    private static JsonNode podAnnotations(Rendered rendered) {
        return rendered.one("Deployment").at("/spec/template/metadata/annotations");
    }

    private static JsonNode env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        return null;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name + " in " + pod.path("volumes"));
    }

    /** Dotted paths of the keys in a values.yaml and whether a comment line stands right above each. */
    static Map<String, Boolean> commentedKeys(Path valuesYaml) throws IOException {
        Pattern key = Pattern.compile("^( *)([A-Za-z0-9_.-]+):");
        Map<String, Boolean> keys = new java.util.LinkedHashMap<>();
        Deque<int[]> indents = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        String previous = "";
        for (String line : Files.readAllLines(valuesYaml)) {
            Matcher m = key.matcher(line);
            if (m.find()) {
                int indent = m.group(1).length();
                while (!indents.isEmpty() && indents.peek()[0] >= indent) {
                    indents.pop();
                    names.pop();
                }
                List<String> path = new ArrayList<>(names);
                java.util.Collections.reverse(path);
                path.add(m.group(2));
                keys.put(String.join(".", path), previous.strip().startsWith("# "));
                indents.push(new int[] {indent});
                names.push(m.group(2));
            }
            if (!line.isBlank()) {
                previous = line;
            }
        }
        // keys inside list items or free-form objects are values, not settings: keep only those the schema names
        return keys;
    }

    private static JsonNode resolve(JsonNode root, JsonNode node) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText().substring(1);
            return root.at(ref);
        }
        return node;
    }

    /** A key is covered when it has a comment, or when it groups schema-defined keys that are all covered. */
    private static boolean collectUncovered(JsonNode root, JsonNode schemaNode, String path, Map<String, Boolean> commented,
            Set<String> uncovered) {
        if (!path.isEmpty() && Boolean.TRUE.equals(commented.get(path))) {
            return true;
        }
        JsonNode node = resolve(root, schemaNode);
        List<String> children = new ArrayList<>();
        node.path("properties").fieldNames().forEachRemaining(name -> {
            String child = path.isEmpty() ? name : path + "." + name;
            if (commented.containsKey(child)) {
                children.add(child);
            }
        });
        if (children.isEmpty()) {
            uncovered.add(path);
            return false;
        }
        boolean all = true;
        for (String child : children) {
            all &= collectUncovered(root, node.path("properties").get(child.substring(child.lastIndexOf('.') + 1)), child,
                    commented, uncovered);
        }
        return all;
    }

    /** Whether the schema describes a dotted values path (free-form objects describe everything below them). */
    private static boolean typed(JsonNode root, JsonNode schema, String dotted) {
        JsonNode node = resolve(root, schema);
        for (String part : dotted.split("\\.")) {
            if (node.has("properties") && node.get("properties").has(part)) {
                node = resolve(root, node.get("properties").get(part));
            } else if (node.has("additionalProperties") && node.get("additionalProperties").isObject()) {
                node = resolve(root, node.get("additionalProperties"));
            } else if ("object".equals(node.path("type").asText()) && !node.has("properties") && !node.has("additionalProperties")) {
                return true;
            } else if ("array".equals(node.path("type").asText())) {
                return true;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The objects of a rendered chart, parsed with Jackson. */
    static final class Rendered {
        final List<JsonNode> objects = new ArrayList<>();

        Rendered(String manifests) {
            try (var parser = new YAMLFactory().createParser(manifests)) {
                for (Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                    JsonNode object = it.next();
                    if (object != null && object.has("kind")) {
                        objects.add(object);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("rendered chart is not YAML:\n" + manifests, e);
            }
        }

        List<String> kinds() {
            return objects.stream().map(o -> o.path("kind").asText()).toList();
        }

        JsonNode one(String kind) {
            List<JsonNode> found = objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
            assertThat(found).as("exactly one %s in %s", kind, kinds()).hasSize(1);
            return found.get(0);
        }

        Map<String, String> configMap(String name) {
            JsonNode map = objects.stream()
                    .filter(o -> o.path("kind").asText().equals("ConfigMap") && o.at("/metadata/name").asText().equals(name))
                    .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + name));
            Map<String, String> data = new HashMap<>();
            map.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
            return data;
        }
    }
}
