import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Fault drills against two instances of the packaged jar over one PostgreSQL, with WireMock (in this JVM) as Salesforce.
 * Run through bench/drill.sh, which makes a fresh PostgreSQL cluster and puts WireMock and the JDBC driver on the class
 * path.
 *
 * kill-outage: LEADS leads at RATE/s; one instance is SIGKILLed (and restarted) five times; Salesforce answers 503 for
 *   60 s inside the run. Senders retry an unanswered or 5xx request with the same Idempotency-Key, as a webhook sender
 *   does. Counts leads lost (acknowledged, never written) and duplicate CRM records (one submission under two of our ids).
 * db-stop: LEADS leads at RATE/s, no retries; PostgreSQL is stopped for 30 s inside the run. Every request must be either
 *   acknowledged (and then written to Salesforce) or refused with 503 (and then not stored); anything else is counted.
 */
public class Drill {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    static final String TOKEN = "drill-admin-token-0123456789";
    static final String UPSERT = "/services/data/v[0-9.]+/composite/sobjects/Lead/LeadRouter_Id__c";

    final String drill;
    final int leads;
    final int rate;
    final String jdbcUrl;
    final String pgCtl;
    final Path pgData;
    final Path jar;
    final Path logDir;
    final WireMockServer wiremock = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));
    final AtomicReferenceArray<Process> apps = new AtomicReferenceArray<>(2);
    final boolean[] ready = new boolean[2];
    final int[] ports = new int[2];
    final long start = System.nanoTime();
    final List<String> timeline = new ArrayList<>();

    Drill(Map<String, String> args) {
        drill = args.getOrDefault("drill", "kill-outage");
        leads = Integer.parseInt(args.getOrDefault("leads", "10000"));
        rate = Integer.parseInt(args.getOrDefault("rate", "100"));
        jdbcUrl = args.get("jdbc-url");
        pgCtl = args.get("pg-ctl");
        pgData = Path.of(args.getOrDefault("pg-data", "/tmp/drill-pg"));
        jar = Path.of(args.getOrDefault("jar", "target/leadrouter-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        logDir = Path.of(args.getOrDefault("log-dir", "/tmp"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        Drill d = new Drill(args);
        int status;
        try {
            status = d.run(Path.of(args.getOrDefault("out", "bench/results")));
        } finally {
            d.stopAll();
        }
        System.exit(status);
    }

    int run(Path out) throws Exception {
        wiremock.start();
        wiremock.stubFor(post(urlPathEqualTo("/services/oauth2/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"access_token\":\"00D000000000001!AQ0AQDrill\","
                        + "\"instance_url\":\"" + wiremock.baseUrl() + "\",\"id\":\"" + wiremock.baseUrl()
                        + "/id/00D000000000001AAA/005000000000099AAA\",\"token_type\":\"Bearer\",\"issued_at\":\"1700000000000\","
                        + "\"signature\":\"ZHJpbGw=\"}")));
        wiremock.stubFor(patch(urlPathMatching(UPSERT)).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("[{{#each (jsonPath request.body '$.records') as |r|}}{\"id\":\"00Q{{randomValue length=15 type='NUMERIC'}}\","
                        + "\"success\":true,\"created\":true,\"errors\":[]}{{#unless @last}},{{/unless}}{{/each}}]")));
        for (int i = 0; i < 2; i++) {
            start(i);
        }
        for (int i = 0; i < 2; i++) {
            awaitReady(i, Duration.ofSeconds(120));
        }
        Map<String, Object> result = drill.equals("db-stop") ? dbStop() : killOutage();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Files.createDirectories(out);
        Path file = out.resolve(stamp + "-drill-" + drill + ".json");
        result.put("timeline", timeline);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n");
        System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("result file " + file);
        return Boolean.TRUE.equals(result.get("passed")) ? 0 : 1;
    }

    Map<String, Object> killOutage() throws Exception {
        double runSeconds = (double) leads / rate;
        ScheduledExecutorService faults = Executors.newScheduledThreadPool(2);
        for (int k = 0; k < 5; k++) {
            int instance = k % 2;
            faults.schedule(() -> killAndRestart(instance), (long) (runSeconds * (k + 1) / 6 * 1000), TimeUnit.MILLISECONDS);
        }
        long outageAt = (long) (runSeconds * 0.2 * 1000);
        faults.schedule(() -> {
            StubMapping outage = wiremock.stubFor(patch(urlPathMatching(UPSERT)).atPriority(1).willReturn(aResponse().withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody("[{\"errorCode\":\"SERVER_UNAVAILABLE\",\"message\":\"Server temporarily unavailable\"}]")));
            mark("Salesforce answers 503");
            faults.schedule(() -> {
                wiremock.removeStub(outage);
                mark("Salesforce back");
            }, 60, TimeUnit.SECONDS);
        }, outageAt, TimeUnit.MILLISECONDS);

        Map<Integer, String> acked = new ConcurrentHashMap<>();
        AtomicInteger resends = new AtomicInteger();
        AtomicInteger given = new AtomicInteger();
        send((n) -> {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                Answer answer = submitLead(n, attempt);
                if (answer.leadId != null) {
                    acked.put(n, answer.leadId);
                    return;
                }
                resends.incrementAndGet();
                pause(200);
            }
            given.incrementAndGet();
        });
        mark("all " + leads + " submissions sent");
        faults.shutdown();
        faults.awaitTermination(5, TimeUnit.MINUTES);
        awaitReady(0, Duration.ofSeconds(120));
        awaitReady(1, Duration.ofSeconds(120));
        Set<String> ackedIds = new HashSet<>(acked.values());
        long waitedFrom = System.nanoTime();
        int written = awaitWritten(ackedIds, Duration.ofMinutes(8));
        mark("written: " + written + " of " + ackedIds.size());
        Journal journal = journal();
        Set<String> lost = new HashSet<>(ackedIds);
        lost.removeAll(journal.recordsByLead.keySet());
        int duplicateRecords = 0;
        for (Set<String> ids : journal.leadIdsByEmail.values()) {
            duplicateRecords += ids.size() - 1;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("drill", drill);
        result.put("leads", leads);
        result.put("ratePerSecond", rate);
        result.put("sigkills", 5);
        result.put("crmOutageSeconds", 60);
        result.put("acknowledged", ackedIds.size());
        result.put("givenUpBySender", given.get());
        result.put("resentBySender", resends.get());
        result.put("storedLeads", sql("SELECT COUNT(*) FROM inbox"));
        result.put("crmWritten", written);
        result.put("secondsFromLastSubmitToAllWritten", Math.round((System.nanoTime() - waitedFrom) / 1e8) / 10.0);
        result.put("salesforceCalls", journal.calls);
        result.put("salesforce503s", journal.refusedCalls);
        result.put("salesforceRecordsSent", journal.records);
        result.put("recordsResentForTheSameLead", journal.records - journal.recordsByLead.size());
        result.put("leadsLost", lost.size());
        result.put("duplicateCrmRecords", duplicateRecords);
        result.put("deadLetters", sql("SELECT COUNT(*) FROM crm_writes WHERE status <> 'WRITTEN'"));
        result.put("passed", lost.isEmpty() && duplicateRecords == 0 && given.get() == 0);
        return result;
    }

    Map<String, Object> dbStop() throws Exception {
        double runSeconds = (double) leads / rate;
        ScheduledExecutorService faults = Executors.newSingleThreadScheduledExecutor();
        faults.schedule(() -> {
            pg("stop", "-m", "fast");
            mark("PostgreSQL stopped");
            faults.schedule(() -> {
                pg("start", "-l", logDir.resolve("drill-postgres.log").toString());
                mark("PostgreSQL started");
            }, 30, TimeUnit.SECONDS);
        }, (long) (runSeconds * 0.25 * 1000), TimeUnit.MILLISECONDS);

        Map<Integer, String> acked = new ConcurrentHashMap<>();
        Set<Integer> refused = ConcurrentHashMap.newKeySet();
        Map<String, Integer> inBetween = new ConcurrentHashMap<>();
        List<Long> refusalMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        send((n) -> {
            long t0 = System.nanoTime();
            Answer answer = submitLead(n, 0);
            if (answer.leadId != null) {
                acked.put(n, answer.leadId);
            } else if (answer.status == 503) {
                refused.add(n);
                refusalMillis.add((System.nanoTime() - t0) / 1_000_000);
            } else {
                inBetween.merge(answer.status == 0 ? "no answer: " + answer.error : "status " + answer.status, 1, Integer::sum);
            }
        });
        mark("all " + leads + " submissions sent");
        faults.shutdown();
        faults.awaitTermination(2, TimeUnit.MINUTES);
        Set<String> ackedIds = new HashSet<>(acked.values());
        int written = awaitWritten(ackedIds, Duration.ofMinutes(5));
        Journal journal = journal();
        Set<String> notWritten = new HashSet<>(ackedIds);
        notWritten.removeAll(journal.recordsByLead.keySet());
        int refusedButStored = 0;
        for (int n : refused) {
            refusedButStored += sql("SELECT COUNT(*) FROM inbox WHERE idem_key = 'form-website:" + key(n) + "'");
        }
        List<Long> sorted = new ArrayList<>(refusalMillis);
        sorted.sort(null);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("drill", drill);
        result.put("leads", leads);
        result.put("ratePerSecond", rate);
        result.put("databaseDownSeconds", 30);
        result.put("acknowledged", ackedIds.size());
        result.put("refused503", refused.size());
        result.put("refusal503MillisP50", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
        result.put("refusal503MillisMax", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
        result.put("inBetween", inBetween);
        result.put("acknowledgedAndWritten", ackedIds.size() - notWritten.size());
        result.put("acknowledgedNotWritten", notWritten.size());
        result.put("refusedButStored", refusedButStored);
        result.put("crmWritten", written);
        result.put("passed", inBetween.isEmpty() && notWritten.isEmpty() && refusedButStored == 0
                && refused.size() + ackedIds.size() == leads && !refused.isEmpty());
        return result;
    }

    interface Submission {
        void send(int n) throws Exception;
    }

    /** Submits leads 0..LEADS-1 at RATE per second from 16 workers (a permit per lead, released on a fixed schedule). */
    void send(Submission submission) throws Exception {
        Semaphore permits = new Semaphore(0);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> permits.release(Math.max(1, rate / 100)), 0, 10, TimeUnit.MILLISECONDS);
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        for (int w = 0; w < 16; w++) {
            workers.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < leads) {
                    permits.acquire();
                    submission.send(n);
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.MINUTES);
        pacer.shutdownNow();
    }

    record Answer(int status, String leadId, String error) {
    }

    Answer submitLead(int n, int attempt) {
        int instance = -1;
        for (int i = 0; i < 2; i++) {
            int candidate = (n + attempt + i) % 2;
            if (ready[candidate]) {
                instance = candidate;
                break;
            }
        }
        if (instance < 0) {
            return new Answer(0, null, "no instance ready");
        }
        String body = "{\"email\":\"drill-%s-%d@example.com\",\"first_name\":\"Drill\",\"last_name\":\"Lead %d\",\"company\":\"Drill Inc\"}"
                .formatted(drill, n, n);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ports[instance]
                    + "/intake/form-website")).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key(n)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new Answer(response.statusCode(), JSON.readTree(response.body()).path("leadId").asText(), null);
            }
            return new Answer(response.statusCode(), null, null);
        } catch (IOException e) {
            return new Answer(0, null, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, null, "interrupted");
        }
    }

    String key(int n) {
        return "drill-" + drill + "-" + n;
    }

    record Journal(int calls, int refusedCalls, int records, Map<String, Integer> recordsByLead,
            Map<String, Set<String>> leadIdsByEmail) {
    }

    /** Every record of every sObject Collections upsert Salesforce answered 200, from WireMock's journal. */
    Journal journal() throws IOException {
        int calls = 0;
        int refusedCalls = 0;
        int records = 0;
        Map<String, Integer> byLead = new HashMap<>();
        Map<String, Set<String>> byEmail = new HashMap<>();
        for (ServeEvent event : wiremock.getAllServeEvents()) {
            if (!event.getRequest().getMethod().getName().equals("PATCH")) {
                continue;
            }
            calls++;
            if (event.getResponse().getStatus() != 200) {
                refusedCalls++;
                continue;
            }
            for (JsonNode record : JSON.readTree(event.getRequest().getBodyAsString()).path("records")) {
                records++;
                String leadId = record.path("LeadRouter_Id__c").asText();
                byLead.merge(leadId, 1, Integer::sum);
                byEmail.computeIfAbsent(record.path("Email").asText(), e -> new HashSet<>()).add(leadId);
            }
        }
        return new Journal(calls, refusedCalls, records, byLead, byEmail);
    }

    int awaitWritten(Set<String> leadIds, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        int written = 0;
        while (System.nanoTime() < deadline) {
            try {
                written = sql("SELECT COUNT(*) FROM crm_writes WHERE crm = 'salesforce' AND status = 'WRITTEN'");
                if (written >= leadIds.size() && sql("SELECT COUNT(*) FROM outbox") == 0) {
                    return written;
                }
            } catch (java.sql.SQLException e) {
                // the database is still starting
            }
            pause(1000);
        }
        return written;
    }

    int sql(String query) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    void killAndRestart(int instance) {
        try {
            ready[instance] = false;
            apps.get(instance).destroyForcibly().waitFor();
            mark("SIGKILL instance " + instance);
            start(instance);
            awaitReady(instance, Duration.ofSeconds(120));
            mark("instance " + instance + " ready again");
        } catch (Exception e) {
            mark("restart of instance " + instance + " failed: " + e);
        }
    }

    void pg(String... action) {
        List<String> command = new ArrayList<>(List.of(pgCtl, "-D", pgData.toString(), "-w"));
        command.addAll(List.of(action));
        try {
            Process p = new ProcessBuilder("su", "postgres", "-c", String.join(" ", command)).inheritIO().start();
            p.waitFor();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void start(int instance) throws IOException {
        if (ports[instance] == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                ports[instance] = socket.getLocalPort();
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        apps.set(instance, new ProcessBuilder(java, "-Xmx307m", "-jar", jar.toString(),
                "--server.port=" + ports[instance],
                "--spring.datasource.url=" + jdbcUrl, "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--leadrouter.data-dir=/tmp/drill-data-" + instance,
                "--leadrouter.security.admin-token=" + TOKEN,
                "--logging.level.io.leadrouter=WARN",
                "--leadrouter.processing.same-lead-window=0",
                "--leadrouter.sources.form-website.rate-limit=0",
                "--leadrouter.sources.hook-hubspot.secret=drill-hubspot-client-secret",
                "--leadrouter.sources.hook-salesforce-outbound.organization-ids=00D5g000004ZxQv",
                "--leadrouter.sources.hook-typeform.secret=drill-typeform-secret",
                "--leadrouter.sources.hook-meta-leadgen.secret=drill-meta-app-secret",
                "--leadrouter.sources.hook-meta-leadgen.access-token=drill-meta-access-token",
                "--leadrouter.sources.hook-google-ads.secret=drill-google-ads-key",
                "--leadrouter.sources.hook-gravity-forms.secret=drill-gravity-forms-secret",
                "--leadrouter.crm.salesforce.enabled=true",
                "--leadrouter.crm.salesforce.roster.enabled=false",
                "--leadrouter.crm.salesforce.lease=PT10S",
                "--leadrouter.crm.salesforce.retry-delay=PT2S",
                "--leadrouter.crm.salesforce.max-retry-delay=PT10S",
                "--leadrouter.crm.salesforce.max-attempts=30",
                "--leadrouter.crm.salesforce.circuit-open-for=PT5S",
                "--camel.component.salesforce.login-url=" + wiremock.baseUrl(),
                "--camel.component.salesforce.authentication-type=USERNAME_PASSWORD",
                "--camel.component.salesforce.client-id=drill", "--camel.component.salesforce.client-secret=drill",
                "--camel.component.salesforce.user-name=drill@example.com", "--camel.component.salesforce.password=drill")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("drill-app-" + instance + ".log").toFile()))
                .start());
    }

    void awaitReady(int instance, Duration atMost) throws IOException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (!apps.get(instance).isAlive()) {
                throw new IOException("instance " + instance + " exited; see " + logDir.resolve("drill-app-" + instance + ".log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ports[instance] + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    ready[instance] = true;
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause(200);
        }
        throw new IOException("instance " + instance + " not ready within " + atMost);
    }

    synchronized void mark(String what) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - start) / 1e9, what);
        timeline.add(line);
        System.out.println(line);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stopAll() {
        for (int i = 0; i < 2; i++) {
            Process p = apps.get(i);
            if (p != null) {
                p.destroyForcibly();
            }
        }
        wiremock.stop();
    }
}
