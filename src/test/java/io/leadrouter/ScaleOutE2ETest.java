package io.leadrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.leadrouter.testing.FakeSalesforce;
import static io.leadrouter.testing.PackagedJar.copyFolder;
import static io.leadrouter.testing.PackagedJar.freePort;
import static io.leadrouter.testing.PackagedJar.jar;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three processes of the packaged jar over one PostgreSQL and one WireMock Salesforce: 5,000 leads spread over them
 * (push with daily caps, a pull queue that reps claim from through different instances, a ladder whose offers run out
 * and escalate), one instance SIGKILLed mid-run while the others go on. Afterwards the database and WireMock's journal
 * must show every acknowledged lead decided once, no cap exceeded, no claim granted twice and one Salesforce record per
 * lead.
 */
class ScaleOutE2ETest {
    private static final int LEADS = 5000;
    private static final int INSTANCES = 3;
    private static final int KILL_AFTER_ACKS = 1500;
    private static final int CAP_PER_DAY = 250;
    private static final List<String> PUSH_REPS = List.of("push-1", "push-2", "push-3");
    private static final List<String> CLAIMERS = List.of("claim-1", "claim-2", "claim-3", "claim-4");
    private static final String TOKEN = "scale-out-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static final String POLICY = """
            fallback: { id: fallback-owner, name: Fallback owner, crm: { salesforce: 005Hs00000Fb0Ab } }
            reps:
              - { id: push-1, crm: { salesforce: 005Hs00000Ps1Ab }, caps: { perDay: %1$d } }
              - { id: push-2, crm: { salesforce: 005Hs00000Ps2Ab }, caps: { perDay: %1$d } }
              - { id: push-3, crm: { salesforce: 005Hs00000Ps3Ab }, caps: { perDay: %1$d } }
              - { id: claim-1, crm: { salesforce: 005Hs00000Cl1Ab } }
              - { id: claim-2, crm: { salesforce: 005Hs00000Cl2Ab } }
              - { id: claim-3, crm: { salesforce: 005Hs00000Cl3Ab } }
              - { id: claim-4, crm: { salesforce: 005Hs00000Cl4Ab } }
              - { id: ladder-1, crm: { salesforce: 005Hs00000La1Ab } }
              - { id: ladder-2, crm: { salesforce: 005Hs00000La2Ab } }
            teams:
              - { id: pushers, members: [push-1, push-2, push-3] }
              - { id: claimers, members: [claim-1, claim-2, claim-3, claim-4] }
              - { id: offerees, members: [ladder-1, ladder-2] }
            queues:
              - { id: pool, teams: [claimers], claimLimit: 3, claimExpiry: 30m, crm: { salesforce: 00GHs00000Qu9Zz } }
            ladders:
              - id: escalate
                steps:
                  - offer: { team: offerees, strategy: round-robin, timeout: 3s }
                  - fallback: {}
            rules:
              - id: pull-leads
                when: { attributes.utm_source: { equals: pull } }
                then: { pull: { queue: pool } }
              - id: ladder-leads
                when: { attributes.utm_source: { equals: ladder } }
                then: { ladder: escalate }
              - id: push-leads
                then: { push: { team: pushers, strategy: round-robin, ifNobody: fallback } }
            """.formatted(CAP_PER_DAY);

    @TempDir
    Path workDir;

    private EmbeddedPostgres postgres;
    private FakeSalesforce salesforce;
    private final AtomicReferenceArray<Process> apps = new AtomicReferenceArray<>(INSTANCES);
    private final int[] ports = new int[INSTANCES];
    private ScheduledExecutorService claimers;
    private final List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() throws Exception {
        if (claimers != null) {
            claimers.shutdownNow();
        }
        for (int i = 0; i < INSTANCES; i++) {
            Process app = apps.get(i);
            if (app != null) {
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (salesforce != null) {
            salesforce.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void threeInstancesOverOnePostgresDecideClaimAndWriteEachLeadOnceThroughASigkill() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        salesforce = FakeSalesforce.start();
        for (String folder : List.of("routes", "mappings")) {
            copyFolder(Path.of(folder), workDir.resolve(folder));
        }
        Files.createDirectories(workDir.resolve("policy"));
        Files.writeString(workDir.resolve("policy/distribution.yaml"), POLICY);
        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());

        apps.set(0, startApp(0));
        awaitReady(0);
        for (int i = 1; i < INSTANCES; i++) {
            apps.set(i, startApp(i));
        }
        for (int i = 1; i < INSTANCES; i++) {
            awaitReady(i);
        }
        Map<String, String> repTokens = new HashMap<>();
        for (String rep : CLAIMERS) {
            repTokens.put(rep, issueRepToken(rep, repTokens.size() % INSTANCES));
        }

        Map<String, String> grantedClaims = new ConcurrentHashMap<>();
        List<String> claimsGrantedTwice = java.util.Collections.synchronizedList(new ArrayList<>());
        claimers = Executors.newScheduledThreadPool(2);
        AtomicInteger claimTurn = new AtomicInteger();
        for (String rep : CLAIMERS) {
            claimers.scheduleWithFixedDelay(() -> claimAndTouch(rep, repTokens.get(rep), claimTurn.getAndIncrement(),
                    grantedClaims, claimsGrantedTwice), 0, 20, TimeUnit.MILLISECONDS);
        }

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(6);
        for (int w = 0; w < 6; w++) {
            senders.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < LEADS) {
                    String leadId = submit(n);
                    if (leadId == null) {
                        refused.incrementAndGet();
                        continue;
                    }
                    acknowledged.add(leadId);
                    if (acknowledged.size() >= KILL_AFTER_ACKS && apps.get(0).isAlive()) {
                        apps.get(0).destroyForcibly();
                    }
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(150, TimeUnit.SECONDS)).as("5,000 leads sent").isTrue();
        assertThat(apps.get(0).waitFor(10, TimeUnit.SECONDS)).as("instance 0 was SIGKILLed").isTrue();
        assertThat(acknowledged).as("leads acknowledged (refused: %s)", refusals).hasSizeGreaterThan(LEADS - 50);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(db.queryForObject("SELECT COUNT(*) FROM inbox_pending", Integer.class)).as("undecided").isZero();
            assertThat(db.queryForObject("SELECT COUNT(*) FROM lead_state WHERE status IN ('OFFERED', 'QUEUED')", Integer.class))
                    .as("offers still running, leads still waiting to be claimed").isZero();
            assertThat(db.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class)).as("outbox").isZero();
        });
        claimers.shutdownNow();
        assertThat(claimers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        Set<String> decided = new HashSet<>(db.queryForList("SELECT lead_id FROM lead_state WHERE decided_at IS NOT NULL", String.class));
        assertThat(decided).as("every acknowledged lead is decided").containsAll(acknowledged);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM inbox", Integer.class)).as("every stored lead is decided")
                .isEqualTo(decided.size());

        List<Map<String, Object>> extraDecisions = db.queryForList("""
                SELECT s.lead_id, (SELECT COUNT(*) FROM decision_log d WHERE d.lead_id = s.lead_id) AS earlier,
                       (SELECT COUNT(*) FROM lead_events e WHERE e.lead_id = s.lead_id AND e.type IN ('escalated', 'redecided')) AS causes
                FROM lead_state s""").stream()
                .filter(r -> ((Number) r.get("earlier")).longValue() != ((Number) r.get("causes")).longValue()).toList();
        assertThat(extraDecisions).as("a decision beyond the first only after an escalation: no lead decided twice").isEmpty();
        int escalated = db.queryForObject("SELECT COUNT(DISTINCT lead_id) FROM lead_events WHERE type = 'escalated'", Integer.class);
        int ladderLeads = db.queryForObject("SELECT COUNT(*) FROM lead_state WHERE rule_id = 'ladder-leads'", Integer.class);
        assertThat(escalated).as("ladder offers ran out and escalated").isEqualTo(ladderLeads).isGreaterThan(LEADS / 10);

        List<Map<String, Object>> perRepDay = db.queryForList("""
                SELECT rep_id, CAST(decided_at AT TIME ZONE 'UTC' AS DATE) AS day, COUNT(*) AS n FROM (
                    SELECT rep_id, decided_at FROM lead_state WHERE outcome = 'ASSIGN' AND rule_id = 'push-leads'
                    UNION ALL SELECT rep_id, decided_at FROM decision_log WHERE outcome = 'ASSIGN' AND rule_id = 'push-leads') a
                WHERE rep_id IN ('push-1', 'push-2', 'push-3') GROUP BY rep_id, CAST(decided_at AT TIME ZONE 'UTC' AS DATE)""");
        assertThat(perRepDay).as("push reps got leads").isNotEmpty();
        assertThat(perRepDay).allSatisfy(r -> assertThat(((Number) r.get("n")).intValue()).as("leads for %s on %s", r.get("rep_id"),
                r.get("day")).isLessThanOrEqualTo(CAP_PER_DAY));
        assertThat(perRepDay.stream().mapToInt(r -> ((Number) r.get("n")).intValue()).max().orElse(0))
                .as("the caps were reached, so they were tested").isEqualTo(CAP_PER_DAY);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM lead_state WHERE rule_id = 'push-leads' AND rep_id = 'fallback-owner'",
                Integer.class)).as("leads beyond the caps went to the fallback owner").isPositive();

        assertThat(claimsGrantedTwice).as("claims answered 200 for a lead another claim already had").isEmpty();
        List<Map<String, Object>> claimEvents = db.queryForList(
                "SELECT lead_id, COUNT(*) AS n FROM lead_events WHERE type = 'claimed' GROUP BY lead_id");
        assertThat(claimEvents).as("no claim granted twice").allSatisfy(r -> assertThat(((Number) r.get("n")).intValue())
                .as("claims of %s", r.get("lead_id")).isEqualTo(1));
        Set<String> claimedInDb = new HashSet<>(claimEvents.stream().map(r -> (String) r.get("lead_id")).toList());
        assertThat(claimedInDb).as("every granted claim is recorded").containsAll(grantedClaims.keySet());
        int pullLeads = db.queryForObject("SELECT COUNT(*) FROM lead_state WHERE rule_id = 'pull-leads'", Integer.class);
        assertThat(claimedInDb).as("every pulled lead was claimed exactly once").hasSize(pullLeads);
        assertThat(pullLeads).isGreaterThan(LEADS / 10);

        Map<String, List<JsonNode>> sent = upsertedRecords();
        assertThat(sent.keySet()).as("every decided lead reached Salesforce, nothing else did").isEqualTo(decided);
        assertThat(salesforce.createdCount()).as("one Salesforce record per lead").isEqualTo(decided.size());
        assertThat(db.queryForObject("SELECT COUNT(*) FROM crm_writes WHERE crm = 'salesforce' AND status = 'WRITTEN'",
                Integer.class)).isEqualTo(decided.size());
        long resent = sent.values().stream().mapToLong(records -> records.size()
                - records.stream().map(r -> r.path("OwnerId").asText()).distinct().count()).sum();
        assertThat(resent).as("records re-sent unchanged (only a batch the killed instance had leased)")
                .isLessThanOrEqualTo(2L * 200);
        System.out.printf("scale-out: %d acknowledged, %d refused, %d decided, %d escalated, %d claimed, %d Salesforce records"
                + " in %d calls, %d re-sent unchanged%n", acknowledged.size(), refused.get(), decided.size(), escalated,
                claimedInDb.size(), sent.values().stream().mapToInt(List::size).sum(), upsertCalls().size(), resent);
    }

    /**
     * Posts lead {@code n} to instance n % 3, or to the next live one; a lost answer is retried elsewhere with the same
     * Idempotency-Key (a repeat is acknowledged with the lead it already made).
     */
    private String submit(int n) {
        String kind = n % 10 < 6 ? "push" : n % 10 < 8 ? "pull" : "ladder";
        String body = "{\"email\":\"scale-%d@example.com\",\"first_name\":\"Scale\",\"last_name\":\"Out %d\",\"company\":\"Replica Inc\","
                + "\"utm_source\":\"%s\"}";
        for (int attempt = 0; attempt < INSTANCES; attempt++) {
            int instance = (n + attempt) % INSTANCES;
            if (!apps.get(instance).isAlive()) {
                continue;
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(instance, "/intake/form-website"))
                        .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                        .header("Idempotency-Key", "scale-out-" + n)
                        .POST(HttpRequest.BodyPublishers.ofString(body.formatted(n, n, kind))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return JSON.readTree(response.body()).path("leadId").asText();
                }
                refusals.add(response.statusCode() + " " + response.body());
                return null;
            } catch (IOException e) {
                // the instance died under this request: the same key goes to the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** One rep asks one instance for the next lead and, when granted, touches it through another instance. */
    private void claimAndTouch(String rep, String token, int turn, Map<String, String> granted, List<String> twice) {
        try {
            int instance = liveInstance(turn);
            HttpResponse<String> claim = HTTP.send(HttpRequest.newBuilder(uri(instance, "/api/reps/me/claims/next"))
                    .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (claim.statusCode() != 200) {
                return;
            }
            String leadId = JSON.readTree(claim.body()).path("leadId").asText();
            if (granted.putIfAbsent(leadId, rep) != null) {
                twice.add(leadId + " to " + rep + " and " + granted.get(leadId));
            }
            for (int attempt = 1; attempt <= INSTANCES; attempt++) {
                try {
                    HTTP.send(HttpRequest.newBuilder(uri(liveInstance(turn + attempt), "/api/leads/" + leadId + "/touch"))
                            .timeout(Duration.ofSeconds(15)).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"called\"}")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    // that instance was killed: touch through the next one
                }
            }
        } catch (IOException e) {
            // the instance was killed under the claim; an answer that never came is not a grant
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int liveInstance(int turn) {
        for (int i = 0; i < INSTANCES; i++) {
            int instance = Math.floorMod(turn + i, INSTANCES);
            if (apps.get(instance).isAlive()) {
                return instance;
            }
        }
        throw new IllegalStateException("no instance alive");
    }

    private List<ServeEvent> upsertCalls() {
        return salesforce.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("PATCH") && e.getRequest().getUrl().startsWith(FakeSalesforce.UPSERT)
                        && e.getResponse().getStatus() == 200)
                .toList();
    }

    /** Every record of every answered sObject Collections upsert in WireMock's journal, by our external id. */
    private Map<String, List<JsonNode>> upsertedRecords() throws IOException {
        Map<String, List<JsonNode>> byLead = new HashMap<>();
        for (ServeEvent call : upsertCalls()) {
            for (JsonNode record : JSON.readTree(call.getRequest().getBodyAsString()).path("records")) {
                byLead.computeIfAbsent(record.path(FakeSalesforce.EXTERNAL_ID).asText(), id -> new ArrayList<>()).add(record);
            }
        }
        return byLead;
    }

    private String issueRepToken(String rep, int instance) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(instance, "/api/reps/" + rep + "/tokens"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"scale-out\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body()).path("token").asText();
    }

    private Process startApp(int instance) throws IOException {
        ports[instance] = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "e2e-scale-out-" + instance + ".log");
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--server.port=" + ports[instance],
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--leadrouter.data-dir=" + workDir.resolve("data-" + instance),
                "--leadrouter.security.admin-token=" + TOKEN,
                "--leadrouter.processing.same-lead-window=0",
                "--leadrouter.sources.form-website.rate-limit=0",
                "--leadrouter.sources.hook-hubspot.secret=e2e-hubspot-client-secret",
                "--leadrouter.sources.hook-salesforce-outbound.organization-ids=00D5g000004ZxQv",
                "--leadrouter.sources.hook-typeform.secret=e2e-typeform-secret",
                "--leadrouter.sources.hook-meta-leadgen.secret=e2e-meta-app-secret",
                "--leadrouter.sources.hook-meta-leadgen.access-token=e2e-meta-access-token",
                "--leadrouter.sources.hook-google-ads.secret=e2e-google-ads-key",
                "--leadrouter.sources.hook-gravity-forms.secret=e2e-gravity-forms-secret",
                "--leadrouter.crm.salesforce.enabled=true",
                "--leadrouter.crm.salesforce.roster.enabled=false",
                "--leadrouter.crm.salesforce.calls-per-second=0",
                "--leadrouter.crm.salesforce.poll-interval=PT0.1S",
                "--leadrouter.crm.salesforce.lease=PT5S",
                "--camel.component.salesforce.login-url=" + salesforce.baseUrl(),
                "--camel.component.salesforce.authentication-type=USERNAME_PASSWORD",
                "--camel.component.salesforce.client-id=e2e-client",
                "--camel.component.salesforce.client-secret=e2e-secret",
                "--camel.component.salesforce.user-name=e2e@example.com",
                "--camel.component.salesforce.password=e2e-password")
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toAbsolutePath().toFile())
                .start();
    }

    private void awaitReady(int instance) {
        Process process = apps.get(instance);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("instance %d exited; see target/e2e-scale-out-%d.log", instance, instance).isTrue();
            try {
                return HTTP.send(HttpRequest.newBuilder(uri(instance, "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private URI uri(int instance, String path) {
        return URI.create("http://localhost:" + ports[instance] + path);
    }
}
