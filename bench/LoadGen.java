import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/** Closed-loop load generator for leadrouter: submits leads, waits for their decisions, reports latencies. */
public final class LoadGen {

    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final int MAX_ERROR_BODIES = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_PAUSE = Duration.ofMillis(250);
    private static final DateTimeFormatter FILE_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Command-line options, with the documented defaults. */
    record Options(URI url, String source, int leads, int concurrency, int warmup, String token,
                   Path out, String label, Duration assignedTimeout) {

        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    throw new UsageException(null);
                }
                if (!arg.startsWith("--")) {
                    throw new UsageException("unexpected argument: " + arg);
                }
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    given.put(arg.substring(2, eq), arg.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    given.put(arg.substring(2), args[++i]);
                } else {
                    throw new UsageException("missing value for " + arg);
                }
            }
            return fromMap(given);
        }

        private static Options fromMap(Map<String, String> given) {
            Map<String, String> o = new LinkedHashMap<>(given);
            String url = take(o, "url", "http://localhost:8080").replaceAll("/+$", "");
            Options options = new Options(
                    URI.create(url),
                    take(o, "source", "form-website"),
                    positive(o, "leads", 5000, 1),
                    positive(o, "concurrency", 32, 1),
                    positive(o, "warmup", 500, 0),
                    resolveToken(o.remove("token")),
                    Path.of(take(o, "out", "bench/results")),
                    take(o, "label", "unlabelled"),
                    duration(take(o, "assigned-timeout", "120s")));
            if (!o.isEmpty()) {
                throw new UsageException("unknown option(s): --" + String.join(", --", o.keySet()));
            }
            return options;
        }

        private static String take(Map<String, String> o, String name, String fallback) {
            String value = o.remove(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        private static int positive(Map<String, String> o, String name, int fallback, int min) {
            String value = take(o, name, Integer.toString(fallback));
            try {
                int n = Integer.parseInt(value);
                if (n < min) {
                    throw new UsageException("--" + name + " must be >= " + min);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " is not a number: " + value);
            }
        }

        private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

        static Duration duration(String text) {
            var m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new UsageException("not a duration (try 120s, 2m, 500ms): " + text);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }

        private static String resolveToken(String option) {
            if (option != null && !option.isBlank()) {
                return option.strip();
            }
            String env = System.getenv("LEADROUTER_ADMIN_TOKEN");
            if (env != null && !env.isBlank()) {
                return env.strip();
            }
            Path file = Path.of("data/admin-token");
            try {
                return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Bad or missing command-line input; a null message prints only the usage text. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    /** The service answered in a way that makes carrying on pointless (not ready, bad token). */
    static final class AbortException extends RuntimeException {
        AbortException(String message) {
            super(message);
        }
    }

    /** One intake request as the client saw it; status 0 means no HTTP response (the body holds the cause). */
    record Submission(int n, long startNanos, long endNanos, long startEpochMicros, int status,
                      String leadId, String body) {

        boolean accepted() {
            return status >= 200 && status < 300 && leadId != null;
        }

        double submitMillis() {
            return (endNanos - startNanos) / 1e6;
        }
    }

    /** A lead's decision as read back from the admin API. */
    record Decision(String outcome, long decidedAtEpochMicros) {
    }

    private final Options options;
    private final HttpClient http;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final LeadFactory leads = new LeadFactory(runId);
    private final Map<String, Integer> pollProblems = new ConcurrentHashMap<>();

    LoadGen(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public static void main(String[] args) {
        try {
            Options options = Options.parse(args);
            System.exit(new LoadGen(options).run());
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                System.out.println(USAGE);
                System.exit(0);
            }
            System.err.println("error: " + e.getMessage() + " (see --help)");
            System.exit(EXIT_USAGE);
        } catch (AbortException e) {
            System.err.println("aborted: " + e.getMessage());
            System.exit(EXIT_USAGE);
        }
    }

    int run() {
        if (options.token() == null) {
            throw new UsageException("no admin token: pass --token, set LEADROUTER_ADMIN_TOKEN or create data/admin-token");
        }
        awaitReadiness();
        checkToken();
        List<Submission> warmup = submitAll(0, options.warmup(), "warmup");
        long started = System.nanoTime();
        List<Submission> measured = submitAll(options.warmup(), options.leads(), "measured");
        double durationSeconds = (System.nanoTime() - started) / 1e9;
        Map<String, Submission> accepted = acceptedById(measured);
        long pollStarted = System.nanoTime();
        Map<String, Decision> decisions = awaitDecisions(accepted.values());
        double pollSeconds = (System.nanoTime() - pollStarted) / 1e9;
        Report report = new Report(options, runId, warmup, measured, accepted, decisions, pollProblems,
                durationSeconds, pollSeconds);
        report.print(System.out);
        Path file = report.write(resultFile());
        System.out.printf("result file          %s%n", file);
        return report.passed() ? 0 : EXIT_FAILED;
    }

    private void awaitReadiness() {
        URI uri = uri("/actuator/health/readiness");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        System.out.printf("waiting for %s (up to %d s)%n", uri, READY_TIMEOUT.toSeconds());
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException e) {
                last = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AbortException("interrupted");
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AbortException("service not ready after " + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    /** Fails fast on a rejected token by reading a lead that does not exist (404 expected). */
    private void checkToken() {
        try {
            failOnRejectedToken(get(UUID.randomUUID().toString(), System.nanoTime() + REQUEST_TIMEOUT.toNanos()));
        } catch (UncheckedIOException e) {
            throw new AbortException("cannot read leads: " + describe(e.getCause()));
        }
    }

    private static void failOnRejectedToken(HttpResponse<String> response) {
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new AbortException("GET " + response.uri() + " answered " + response.statusCode()
                    + ": check the admin token: " + abbreviate(response.body()));
        }
    }

    private List<Submission> submitAll(int first, int count, String phase) {
        if (count == 0) {
            return List.of();
        }
        System.out.printf("%-8s submitting %d leads with %d workers%n", phase, count, options.concurrency());
        Submission[] results = new Submission[count];
        parallel(count, i -> results[i] = submit(first + i));
        return Arrays.asList(results);
    }

    private Submission submit(int n) {
        HttpRequest request = HttpRequest.newBuilder(uri("/intake/" + options.source()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "loadgen-" + runId + "-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(leads.json(n)))
                .build();
        long startEpochMicros = epochMicros(Instant.now());
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long end = System.nanoTime();
            String leadId = response.statusCode() / 100 == 2 ? stringField(response.body(), "leadId") : null;
            return new Submission(n, start, end, startEpochMicros, response.statusCode(), leadId, response.body());
        } catch (IOException e) {
            return new Submission(n, start, System.nanoTime(), startEpochMicros, 0, null, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException("interrupted");
        }
    }

    private Map<String, Submission> acceptedById(List<Submission> measured) {
        Map<String, Submission> byId = new LinkedHashMap<>();
        for (Submission s : measured) {
            if (s.accepted() && byId.putIfAbsent(s.leadId(), s) != null) {
                pollProblems.merge("duplicate leadId for different Idempotency-Keys", 1, Integer::sum);
            }
        }
        return byId;
    }

    private Map<String, Decision> awaitDecisions(java.util.Collection<Submission> accepted) {
        System.out.printf("polling  %d leads for a decision (up to %d s)%n", accepted.size(),
                options.assignedTimeout().toSeconds());
        Map<String, Decision> decided = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + options.assignedTimeout().toNanos();
        List<String> pending = accepted.stream().map(Submission::leadId).toList();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            List<String> round = pending;
            parallel(round.size(), i -> {
                if (System.nanoTime() < deadline) {
                    fetchDecision(round.get(i), deadline).ifPresent(d -> decided.put(round.get(i), d));
                }
            });
            pending = round.stream().filter(id -> !decided.containsKey(id)).toList();
            long left = deadline - System.nanoTime();
            if (!pending.isEmpty() && left > 0) {
                sleep(Duration.ofNanos(Math.min(POLL_PAUSE.toNanos(), left)));
            }
        }
        return decided;
    }

    private Optional<Decision> fetchDecision(String leadId, long deadlineNanos) {
        try {
            return decisionFrom(get(leadId, deadlineNanos));
        } catch (UncheckedIOException e) {
            pollProblems.merge(describe(e.getCause()), 1, Integer::sum);
            return Optional.empty();
        }
    }

    private HttpResponse<String> get(String leadId, long deadlineNanos) {
        long remaining = Math.max(1, Math.min(REQUEST_TIMEOUT.toNanos(), deadlineNanos - System.nanoTime()));
        HttpRequest request = HttpRequest.newBuilder(uri("/api/leads/" + leadId))
                .timeout(Duration.ofNanos(remaining))
                .header("Authorization", "Bearer " + options.token())
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException("interrupted");
        }
    }

    private Optional<Decision> decisionFrom(HttpResponse<String> response) {
        failOnRejectedToken(response);
        int status = response.statusCode();
        if (status != 200) {
            pollProblems.merge("HTTP " + status, 1, Integer::sum);
            return Optional.empty();
        }
        try {
            Object decision = asMap(Json.parse(response.body())).get("decision");
            if (!(decision instanceof Map<?, ?> d)) {
                return Optional.empty();
            }
            Instant decidedAt = Instant.parse(String.valueOf(d.get("decidedAt")));
            return Optional.of(new Decision(String.valueOf(d.get("outcome")), epochMicros(decidedAt)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            pollProblems.merge("unreadable lead JSON: " + e.getMessage(), 1, Integer::sum);
            return Optional.empty();
        }
    }

    /** Runs task(0..count-1) on the configured number of workers, each taking the next index when free. */
    private void parallel(int count, IntConsumer task) {
        int workers = Math.min(options.concurrency(), count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        task.accept(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                join(f);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void join(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The service URL plus a path, keeping any path prefix of --url (URI.resolve would drop it). */
    private URI uri(String path) {
        return URI.create(options.url() + path);
    }

    private Path resultFile() {
        String label = options.label().replaceAll("[^A-Za-z0-9._-]+", "_");
        return options.out().resolve(FILE_STAMP.format(Instant.now()) + "-" + label + ".json");
    }

    private static String stringField(String json, String name) {
        try {
            Object value = asMap(Json.parse(json)).get(name);
            return value instanceof String s && !s.isBlank() ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<?, ?> asMap(Object json) {
        if (json instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static String describe(IOException e) {
        String kind = e instanceof ConnectException ? "connect failed" : e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortException("interrupted");
        }
    }

    /** Unique, valid-looking US leads: the n-th lead of a run always has the same content and key. */
    static final class LeadFactory {
        private static final String[] FIRST = {"Ava", "Liam", "Maya", "Noah", "Zoe", "Ethan", "Lena", "Omar",
            "Priya", "Diego", "Hana", "Jonas", "Chloe", "Marcus", "Sofia", "Kenji"};
        private static final String[] LAST = {"Nguyen", "Smith", "Garcia", "Patel", "Kim", "Johnson", "Müller",
            "O'Brien", "Rossi", "Cohen", "Okafor", "Larsen", "Silva", "Chen", "Dubois", "Walker"};
        private static final String[] COMPANY = {"Acme Corp", "Globex", "Initech", "Umbrella Health",
            "Stark Logistics", "Wayne Foods", "Hooli", "Vandelay Industries", "Soylent Labs", "Cyberdyne"};
        private static final String[] TITLE = {"VP Sales", "Head of Marketing", "CTO", "Operations Manager",
            "Procurement Lead", "Founder", "IT Director", "Office Manager"};
        private static final String[] MESSAGE = {
            "We'd like a demo for our team of about 40 people.",
            "Please send pricing for the enterprise plan.",
            "Interested in a trial; we currently use spreadsheets.",
            "Can someone call me this week about onboarding?",
            "Looking to replace our current vendor before Q3."};
        private static final int[] AREA = {212, 415, 650};

        private final String runId;
        private final long phoneOffset;

        LeadFactory(String runId) {
            this.runId = runId;
            this.phoneOffset = Math.floorMod(runId.hashCode() * 7919L, phoneSpace());
        }

        String json(int n) {
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put("email", "lead-" + runId + "-" + n + "@example.com");
            lead.put("phone", phone(n));
            lead.put("firstName", pick(FIRST, n));
            lead.put("lastName", pick(LAST, n / FIRST.length));
            lead.put("company", pick(COMPANY, n * 7));
            lead.put("title", pick(TITLE, n * 3));
            lead.put("country", "US");
            lead.put("message", pick(MESSAGE, n * 5));
            return Json.write(lead);
        }

        /** +1 NPA NXX XXXX with NXX in 200..999 minus N11 codes: distinct for every n below phoneSpace(). */
        String phone(int n) {
            long k = Math.floorMod(phoneOffset + n, phoneSpace());
            long subscriber = k % 10_000;
            long rest = k / 10_000;
            int exchange = exchange((int) (rest % exchanges()));
            int area = AREA[(int) (rest / exchanges())];
            return String.format("+1%d%03d%04d", area, exchange, subscriber);
        }

        private static long phoneSpace() {
            return (long) AREA.length * exchanges() * 10_000;
        }

        private static int exchanges() {
            return 800 - 8;
        }

        private static int exchange(int index) {
            int code = 200;
            for (int seen = -1; ; code++) {
                if (code % 100 != 11 && ++seen == index) {
                    return code;
                }
            }
        }

        private static String pick(String[] values, int n) {
            return values[Math.floorMod(n, values.length)];
        }
    }

    /** The numbers of one run, printed as a table and written as JSON. */
    static final class Report {
        private final Options options;
        private final String runId;
        private final List<Submission> warmup;
        private final List<Submission> measured;
        private final Map<String, Submission> accepted;
        private final Map<String, Decision> decisions;
        private final Map<String, Integer> pollProblems;
        private final double durationSeconds;
        private final double pollSeconds;

        Report(Options options, String runId, List<Submission> warmup, List<Submission> measured,
               Map<String, Submission> accepted, Map<String, Decision> decisions,
               Map<String, Integer> pollProblems, double durationSeconds, double pollSeconds) {
            this.options = options;
            this.runId = runId;
            this.warmup = warmup;
            this.measured = measured;
            this.accepted = accepted;
            this.decisions = decisions;
            this.pollProblems = new TreeMap<>(pollProblems);
            this.durationSeconds = durationSeconds;
            this.pollSeconds = pollSeconds;
        }

        boolean passed() {
            return errors(measured).isEmpty() && errors(warmup).isEmpty()
                    && accepted.size() == measured.size() && decisions.size() == accepted.size();
        }

        private double[] submitLatencies() {
            return accepted.values().stream().mapToDouble(Submission::submitMillis).sorted().toArray();
        }

        private double[] assignedLatencies() {
            return decisions.entrySet().stream()
                    .mapToDouble(e -> (e.getValue().decidedAtEpochMicros()
                            - accepted.get(e.getKey()).startEpochMicros()) / 1e3)
                    .sorted().toArray();
        }

        private static List<Submission> errors(List<Submission> submissions) {
            return submissions.stream().filter(s -> !s.accepted()).toList();
        }

        private static Map<String, Integer> statusHistogram(List<Submission> submissions) {
            Map<String, Integer> histogram = new TreeMap<>();
            submissions.forEach(s -> histogram.merge(s.status() == 0 ? "no-response" : Integer.toString(s.status()),
                    1, Integer::sum));
            return histogram;
        }

        private Map<String, Integer> outcomes() {
            Map<String, Integer> histogram = new TreeMap<>();
            decisions.values().forEach(d -> histogram.merge(d.outcome(), 1, Integer::sum));
            return histogram;
        }

        private double acceptedPerSecond() {
            return durationSeconds > 0 ? accepted.size() / durationSeconds : 0;
        }

        void print(java.io.PrintStream out) {
            out.println();
            out.printf("label %s   url %s   source %s   run %s%n", options.label(), options.url(),
                    options.source(), runId);
            out.printf("leads %d (+%d warmup)   concurrency %d   client: %d cpus, java %s%n",
                    options.leads(), options.warmup(), options.concurrency(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            out.printf("measured phase       %.2f s   accepted %d   %.1f accepted/s%n",
                    durationSeconds, accepted.size(), acceptedPerSecond());
            out.printf("status               %s%s%n", statusHistogram(measured),
                    warmup.isEmpty() ? "" : "   warmup " + statusHistogram(warmup));
            out.printf("%-20s %9s %9s %9s %9s %7s%n", "latency (ms)", "p50", "p90", "p99", "max", "n");
            printLatencies(out, "submit -> 202", submitLatencies());
            printLatencies(out, "submit -> decided", assignedLatencies());
            out.printf("decided              %d of %d in %.1f s   not decided in %d s: %d   outcomes %s%n",
                    decisions.size(), accepted.size(), pollSeconds, options.assignedTimeout().toSeconds(),
                    accepted.size() - decisions.size(), outcomes());
            printProblems(out);
            out.printf("verdict              %s%n", passed() ? "PASS" : "FAIL");
        }

        private static void printLatencies(java.io.PrintStream out, String name, double[] sorted) {
            if (sorted.length == 0) {
                out.printf("%-20s %9s %9s %9s %9s %7d%n", name, "-", "-", "-", "-", 0);
                return;
            }
            out.printf("%-20s %9.1f %9.1f %9.1f %9.1f %7d%n", name, percentile(sorted, 50),
                    percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
        }

        private void printProblems(java.io.PrintStream out) {
            List<Submission> errors = new ArrayList<>(errors(warmup));
            errors.addAll(errors(measured));
            errors.stream().limit(MAX_ERROR_BODIES).forEach(s -> out.printf("error                lead %d: %s %s%n",
                    s.n(), s.status() == 0 ? "no response" : "HTTP " + s.status(), abbreviate(s.body())));
            if (errors.size() > MAX_ERROR_BODIES) {
                out.printf("error                … and %d more%n", errors.size() - MAX_ERROR_BODIES);
            }
            pollProblems.forEach((problem, count) -> out.printf("poll problem         %d × %s%n", count, problem));
        }

        /** Nearest-rank percentile of an ascending array. */
        static double percentile(double[] sorted, double p) {
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
        }

        Path write(Path file) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, Json.write(toJson()) + "\n", StandardCharsets.UTF_8);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("label", options.label());
            json.put("url", options.url().toString());
            json.put("source", options.source());
            json.put("run_id", runId);
            json.put("started_at", Instant.EPOCH.plus(startEpochMicros(), ChronoUnit.MICROS).toString());
            json.put("leads", options.leads());
            json.put("warmup", options.warmup());
            json.put("concurrency", options.concurrency());
            json.put("duration_s", round(durationSeconds));
            json.put("accepted", accepted.size());
            json.put("accepted_per_s", round(acceptedPerSecond()));
            json.put("status_histogram", statusHistogram(measured));
            json.put("warmup_status_histogram", statusHistogram(warmup));
            json.put("errors", errorsJson());
            json.put("submit_to_202_ms", latencyJson(submitLatencies()));
            json.put("submit_to_assigned_ms", latencyJson(assignedLatencies()));
            json.put("assigned", decisions.size());
            json.put("not_assigned_within_timeout", accepted.size() - decisions.size());
            json.put("assigned_timeout_s", options.assignedTimeout().toSeconds());
            json.put("not_assigned_sample", accepted.keySet().stream()
                    .filter(id -> !decisions.containsKey(id)).limit(MAX_ERROR_BODIES).toList());
            json.put("poll_duration_s", round(pollSeconds));
            json.put("decision_outcomes", outcomes());
            json.put("poll_problems", pollProblems);
            json.put("passed", passed());
            json.put("client", clientJson());
            return json;
        }

        private long startEpochMicros() {
            return measured.stream().mapToLong(Submission::startEpochMicros).min().orElse(0);
        }

        private Map<String, Object> errorsJson() {
            List<Submission> errors = new ArrayList<>(errors(warmup));
            errors.addAll(errors(measured));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("count", errors(measured).size());
            json.put("warmup_count", errors(warmup).size());
            List<Object> samples = new ArrayList<>();
            errors.stream().limit(MAX_ERROR_BODIES).forEach(s -> {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("lead", s.n());
                sample.put("status", s.status());
                sample.put("body", abbreviate(s.body()));
                samples.add(sample);
            });
            json.put("first", samples);
            return json;
        }

        private static Map<String, Object> latencyJson(double[] sorted) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("n", sorted.length);
            for (int p : new int[] {50, 90, 99}) {
                json.put("p" + p, sorted.length == 0 ? null : round(percentile(sorted, p)));
            }
            json.put("max", sorted.length == 0 ? null : round(sorted[sorted.length - 1]));
            return json;
        }

        private static Map<String, Object> clientJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("available_processors", Runtime.getRuntime().availableProcessors());
            json.put("java_version", System.getProperty("java.version"));
            json.put("java_vm", System.getProperty("java.vm.name"));
            json.put("os_name", System.getProperty("os.name"));
            json.put("os_version", System.getProperty("os.version"));
            json.put("os_arch", System.getProperty("os.arch"));
            json.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            return json;
        }

        private static BigDecimal round(double value) {
            return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP);
        }
    }

    /** A small, strict JSON reader (objects, arrays, strings, numbers, literals) and writer. */
    static final class Json {
        private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

        private final String text;
        private int pos;

        private Json(String text) {
            this.text = text;
        }

        /** Parses a JSON document into Map, List, String, BigDecimal, Boolean or null. */
        static Object parse(String text) {
            if (text == null) {
                throw new IllegalArgumentException("no body");
            }
            Json reader = new Json(text);
            Object value = reader.value();
            reader.skipWhitespace();
            if (reader.pos != text.length()) {
                throw reader.error("trailing characters");
            }
            return value;
        }

        private Object value() {
            skipWhitespace();
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            char c = text.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            pos++;
            if (consume('}')) {
                return map;
            }
            do {
                skipWhitespace();
                if (pos >= text.length() || text.charAt(pos) != '"') {
                    throw error("expected a member name");
                }
                String key = string();
                expect(':');
                map.put(key, value());
            } while (consume(','));
            expect('}');
            return map;
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            pos++;
            if (consume(']')) {
                return list;
            }
            do {
                list.add(value());
            } while (consume(','));
            expect(']');
            return list;
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    sb.append(escape());
                } else if (c < 0x20) {
                    throw error("control character in string");
                } else {
                    sb.append(c);
                }
            }
            throw error("unterminated string");
        }

        private char escape() {
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char c = text.charAt(pos++);
            return switch (c) {
                case '"', '\\', '/' -> c;
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> unicode();
                default -> throw error("bad escape \\" + c);
            };
        }

        private char unicode() {
            if (pos + 4 > text.length()) {
                throw error("short \\u escape");
            }
            try {
                char c = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
                pos += 4;
                return c;
            } catch (NumberFormatException e) {
                throw error("bad \\u escape");
            }
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, pos)) {
                throw error("unexpected token");
            }
            pos += word.length();
            return value;
        }

        private BigDecimal number() {
            var m = NUMBER.matcher(text).region(pos, text.length());
            if (!m.lookingAt()) {
                throw error("unexpected character '" + text.charAt(pos) + "'");
            }
            pos = m.end();
            return new BigDecimal(m.group());
        }

        private void skipWhitespace() {
            while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private boolean consume(char c) {
            skipWhitespace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!consume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException(message + " at offset " + pos);
        }

        /** Writes Map, Collection, String, Number, Boolean and null as compact JSON, keeping map order. */
        static String write(Object value) {
            StringBuilder sb = new StringBuilder();
            write(sb, value);
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object value) {
            if (value == null || value instanceof Boolean || value instanceof Number) {
                sb.append(value instanceof BigDecimal b ? b.toPlainString() : String.valueOf(value));
            } else if (value instanceof Map<?, ?> map) {
                sb.append('{');
                String separator = "";
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    sb.append(separator);
                    quote(sb, String.valueOf(e.getKey()));
                    sb.append(':');
                    write(sb, e.getValue());
                    separator = ",";
                }
                sb.append('}');
            } else if (value instanceof java.util.Collection<?> list) {
                sb.append('[');
                String separator = "";
                for (Object item : list) {
                    sb.append(separator);
                    write(sb, item);
                    separator = ",";
                }
                sb.append(']');
            } else {
                quote(sb, value.toString());
            }
        }

        private static void quote(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        }
    }

    private static final String USAGE = """
            usage: java bench/LoadGen.java [options]
              --url URL                 service base URL (default http://localhost:8080)
              --source ID               intake source id (default form-website)
              --leads N                 measured leads (default 5000)
              --concurrency C           closed-loop workers (default 32)
              --warmup N                leads sent first, excluded from stats (default 500)
              --token TOKEN             admin token (else $LEADROUTER_ADMIN_TOKEN, else data/admin-token)
              --out DIR                 directory for the JSON result (default bench/results)
              --label TEXT              free text naming the run, e.g. h2 or postgres
              --assigned-timeout DUR    how long to wait for decisions: 120s, 2m, 500ms (default 120s)
            exit status: 0 all accepted and decided, 1 errors or undecided leads, 2 usage/setup problem""";
}
