import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import java.util.function.ObjIntConsumer;
import java.util.regex.Pattern;

/** Closed-loop load generator for leadrouter: submits leads, waits for their decisions, reports latencies. */
public final class LoadGen {

    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final int MAX_ERROR_BODIES = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String LEAD_PATH = "/api/leads/";
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
                    httpUrl(url),
                    pathSegment(take(o, "source", "form-website")),
                    positive(o, "leads", 5000, 1),
                    positive(o, "concurrency", 32, 1),
                    positive(o, "warmup", 500, 0),
                    headerValue(resolveToken(o.remove("token"))),
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

        private static URI httpUrl(String text) {
            try {
                URI uri = URI.create(text);
                Endpoint.of(uri);
                return uri;
            } catch (IllegalArgumentException e) {
                throw new UsageException("--url is not a URL: " + text);
            }
        }

        private static String pathSegment(String source) {
            if (!PATH_CHARS.matcher(source).matches()) {
                throw new UsageException("--source may only hold URL path characters: " + source);
            }
            return source;
        }

        private static String headerValue(String token) {
            if (token != null && !TOKEN_CHARS.matcher(token).matches()) {
                throw new UsageException("the admin token may only hold printable ASCII characters without spaces");
            }
            return token;
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
        private static final Pattern PATH_CHARS = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@%/-]+");
        private static final Pattern TOKEN_CHARS = Pattern.compile("[\\x21-\\x7e]+");

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
    private final Endpoint endpoint;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final LeadFactory leads = new LeadFactory(runId);
    private final Map<String, Integer> pollProblems = new ConcurrentHashMap<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final HttpConnection[] connections;

    LoadGen(Options options) {
        this.options = options;
        this.endpoint = Endpoint.of(options.url());
        this.connections = new HttpConnection[options.concurrency()];
        Arrays.setAll(connections, w -> new HttpConnection(endpoint, reconnects));
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
        try {
            return measure();
        } finally {
            Arrays.stream(connections).forEach(HttpConnection::close);
        }
    }

    private int measure() {
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
                reconnects.get(), durationSeconds, pollSeconds);
        report.print(System.out);
        Path file = report.write(resultFile());
        System.out.printf("result file          %s%n", file);
        return report.passed() ? 0 : EXIT_FAILED;
    }

    private void awaitReadiness() {
        Request request = Request.get(endpoint, "/actuator/health/readiness", null);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        System.out.printf("waiting for %s/actuator/health/readiness (up to %d s)%n", options.url(),
                READY_TIMEOUT.toSeconds());
        while (System.nanoTime() < deadline) {
            try {
                long requestDeadline = System.nanoTime() + READY_REQUEST_TIMEOUT.toNanos();
                Response response = connections[0].exchange(request, requestDeadline);
                if (response.status() == 200) {
                    return;
                }
                last = "HTTP " + response.status() + " " + abbreviate(response.body());
            } catch (IOException e) {
                last = describe(e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new AbortException("service not ready after " + READY_TIMEOUT.toSeconds() + " s: " + last);
    }

    /** Fails fast on a rejected token by reading a lead that does not exist (404 expected). */
    private void checkToken() {
        String leadId = UUID.randomUUID().toString();
        try {
            failOnRejectedToken(leadId, get(connections[0], leadId, System.nanoTime() + REQUEST_TIMEOUT.toNanos()));
        } catch (IOException e) {
            throw new AbortException("cannot read leads: " + describe(e));
        }
    }

    private void failOnRejectedToken(String leadId, Response response) {
        if (response.status() == 401 || response.status() == 403) {
            throw new AbortException("GET " + options.url() + LEAD_PATH + leadId + " answered " + response.status()
                    + ": check the admin token: " + abbreviate(response.body()));
        }
    }

    private List<Submission> submitAll(int first, int count, String phase) {
        if (count == 0) {
            return List.of();
        }
        System.out.printf("%-8s submitting %d leads with %d workers%n", phase, count, options.concurrency());
        Submission[] results = new Submission[count];
        parallel(count, (connection, i) -> results[i] = submit(connection, first + i));
        return Arrays.asList(results);
    }

    private Submission submit(HttpConnection connection, int n) {
        Request request = Request.post(endpoint, "/intake/" + options.source(), "loadgen-" + runId + "-" + n,
                leads.json(n));
        long startEpochMicros = epochMicros(Instant.now());
        long start = System.nanoTime();
        try {
            Response response = connection.exchange(request, start + REQUEST_TIMEOUT.toNanos());
            long end = System.nanoTime();
            String leadId = response.status() / 100 == 2 ? stringField(response.body(), "leadId") : null;
            return new Submission(n, start, end, startEpochMicros, response.status(), leadId, response.body());
        } catch (IOException e) {
            return new Submission(n, start, System.nanoTime(), startEpochMicros, 0, null, describe(e));
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
            parallel(round.size(), (connection, i) -> {
                if (System.nanoTime() < deadline) {
                    fetchDecision(connection, round.get(i), deadline).ifPresent(d -> decided.put(round.get(i), d));
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

    private Optional<Decision> fetchDecision(HttpConnection connection, String leadId, long deadlineNanos) {
        try {
            return decisionFrom(leadId, get(connection, leadId, deadlineNanos));
        } catch (IOException e) {
            pollProblems.merge(describe(e), 1, Integer::sum);
            return Optional.empty();
        }
    }

    private Response get(HttpConnection connection, String leadId, long deadlineNanos) throws IOException {
        long deadline = Math.min(System.nanoTime() + REQUEST_TIMEOUT.toNanos(), deadlineNanos);
        return connection.exchange(Request.get(endpoint, LEAD_PATH + leadId, options.token()), deadline);
    }

    private Optional<Decision> decisionFrom(String leadId, Response response) {
        failOnRejectedToken(leadId, response);
        int status = response.status();
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

    /** Runs task(connection, 0..count-1) on the configured number of workers, each with its own connection. */
    private void parallel(int count, ObjIntConsumer<HttpConnection> task) {
        int workers = Math.min(options.concurrency(), count);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                HttpConnection connection = connections[w];
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count && !Thread.currentThread().isInterrupted();
                            i = next.getAndIncrement()) {
                        task.accept(connection, i);
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

    /** Where requests go: the address to connect to, the Host header and the path prefix of --url. */
    record Endpoint(String host, int port, String hostHeader, String basePath) {

        static Endpoint of(URI url) {
            if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getRawQuery() != null
                    || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                throw new UsageException("--url must look like http://host[:port][/prefix] (plain HTTP only): " + url);
            }
            String host = url.getHost();
            int port = url.getPort() == -1 ? 80 : url.getPort();
            String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            String hostHeader = url.getPort() == -1 ? host : host + ":" + port;
            return new Endpoint(address, port, hostHeader, url.getRawPath() == null ? "" : url.getRawPath());
        }
    }

    /** One HTTP/1.1 request, encoded once as the exact bytes written to the socket. */
    record Request(String method, byte[] bytes, boolean retryable) {

        static Request get(Endpoint endpoint, String path, String token) {
            StringBuilder head = startHead("GET", endpoint, path);
            header(head, "Accept", "application/json");
            if (token != null) {
                header(head, "Authorization", "Bearer " + token);
            }
            return new Request("GET", endHead(head, new byte[0]), true);
        }

        static Request post(Endpoint endpoint, String path, String idempotencyKey, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = startHead("POST", endpoint, path);
            header(head, "Content-Type", "application/json");
            header(head, "Content-Length", Integer.toString(body.length));
            header(head, "Idempotency-Key", idempotencyKey);
            return new Request("POST", endHead(head, body), true);
        }

        private static StringBuilder startHead(String method, Endpoint endpoint, String path) {
            String target = endpoint.basePath() + path;
            requireChars("request target", target, '!');
            StringBuilder head = new StringBuilder(256);
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            header(head, "Host", endpoint.hostHeader());
            return head;
        }

        private static void header(StringBuilder head, String name, String value) {
            requireChars(name, value, ' ');
            head.append(name).append(": ").append(value).append("\r\n");
        }

        private static byte[] endHead(StringBuilder head, byte[] body) {
            byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = Arrays.copyOf(headBytes, headBytes.length + body.length);
            System.arraycopy(body, 0, bytes, headBytes.length, body.length);
            return bytes;
        }

        /** Rejects characters below {@code lowest} and outside ASCII, which would break the request's framing. */
        private static void requireChars(String what, String text, char lowest) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) < lowest || text.charAt(i) >= 0x7f) {
                    throw new IllegalArgumentException(what + " has a character HTTP does not allow: " + text);
                }
            }
        }
    }

    /** A complete HTTP response: final status and the body decoded as UTF-8. */
    record Response(int status, String body) {
    }

    /** Status line and header fields of a response; field names are lower-cased, repeated fields joined by ", ". */
    record Head(String version, int status, Map<String, String> fields) {
        private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

        /** How the body ends: not at all, after Content-Length bytes, after the last chunk, or at connection close. */
        enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

        Framing framing(String method) {
            if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
                return Framing.NONE;
            }
            String codings = fields.get("transfer-encoding");
            if (codings != null) {
                return lastToken(codings).equalsIgnoreCase("chunked") ? Framing.CHUNKED : Framing.CLOSE;
            }
            return fields.containsKey("content-length") ? Framing.LENGTH : Framing.CLOSE;
        }

        /** Whether the connection may carry the next request (RFC 9112 §9.3). */
        boolean persistent(String method) {
            List<String> options = tokens(fields.getOrDefault("connection", ""));
            boolean keepAlive = version.equals("HTTP/1.1")
                    ? !options.contains("close") : options.contains("keep-alive");
            boolean ambiguous = fields.containsKey("transfer-encoding") && fields.containsKey("content-length");
            return keepAlive && !ambiguous && framing(method) != Framing.CLOSE;
        }

        /** The Content-Length; repeated fields must agree (RFC 9110 §8.6). */
        long contentLength() throws ProtocolException {
            String value = fields.get("content-length");
            List<String> lengths = tokens(value);
            if (lengths.isEmpty() || !DIGITS.matcher(lengths.get(0)).matches()
                    || lengths.stream().anyMatch(v -> !v.equals(lengths.get(0)))) {
                throw new ProtocolException("bad Content-Length: " + value);
            }
            return Long.parseLong(lengths.get(0));
        }

        private static String lastToken(String list) {
            List<String> tokens = tokens(list);
            return tokens.isEmpty() ? "" : tokens.get(tokens.size() - 1);
        }

        private static List<String> tokens(String list) {
            return Arrays.stream(list.split(",")).map(t -> t.strip().toLowerCase(Locale.ROOT))
                    .filter(t -> !t.isEmpty()).toList();
        }
    }

    /** One persistent HTTP/1.1 connection for one worker at a time: opened on demand, reopened after a close. */
    static final class HttpConnection implements AutoCloseable {
        private static final int MAX_FIELDS = 200;
        private static final long MAX_BODY = 64L << 20;
        private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [1-9]\\d\\d( .*)?");
        private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9A-Fa-f]{1,15}");

        private final Endpoint endpoint;
        private final AtomicInteger reconnects;
        private Socket socket;
        private OutputStream out;
        private HttpInput in;

        HttpConnection(Endpoint endpoint, AtomicInteger reconnects) {
            this.endpoint = endpoint;
            this.reconnects = reconnects;
        }

        /**
         * Sends the request and reads the whole response before the deadline.
         *
         * <p>A retryable request is resent once, on a fresh connection, when a kept-alive connection turns out to be
         * broken (EOF, reset, broken pipe) before any byte of the response arrived: the server closed it while it was
         * idle. That is safe for GET, and for the intake POST because it carries an Idempotency-Key: if the first copy
         * was stored after all, the service answers the resend with the same lead. Resends are counted as reconnects.
         * A new connection that fails, a timeout, or a connection that breaks mid-response is never retried.
         */
        Response exchange(Request request, long deadlineNanos) throws IOException {
            if (socket != null && in.hasUnreadBytes()) {
                close();
            }
            boolean reused = socket != null;
            try {
                return attempt(request, deadlineNanos);
            } catch (IOException e) {
                close();
                if (!reused || !request.retryable() || in.received() || !brokenConnection(e)) {
                    throw e;
                }
            }
            reconnects.incrementAndGet();
            try {
                return attempt(request, deadlineNanos);
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
                socket = null;
            }
        }

        /** EOF or reset/broken pipe, as when the server dropped an idle connection; not a timeout or bad response. */
        private static boolean brokenConnection(IOException e) {
            return e instanceof EOFException || e instanceof SocketException;
        }

        private Response attempt(Request request, long deadlineNanos) throws IOException {
            if (socket == null) {
                connect(deadlineNanos);
            }
            in.begin(deadlineNanos);
            out.write(request.bytes());
            Head head = readHead();
            while (head.status() / 100 == 1) {
                head = readHead();
            }
            byte[] body = readBody(head, request.method());
            if (!head.persistent(request.method())) {
                close();
            }
            return new Response(head.status(), new String(body, StandardCharsets.UTF_8));
        }

        private void connect(long deadlineNanos) throws IOException {
            Socket s = new Socket(Proxy.NO_PROXY);
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                        (int) Math.min(CONNECT_TIMEOUT.toMillis(), HttpInput.millisLeft(deadlineNanos)));
                out = s.getOutputStream();
                in = new HttpInput(s);
                socket = s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        private Head readHead() throws IOException {
            String line = in.line();
            if (!STATUS_LINE.matcher(line).matches()) {
                throw new ProtocolException("bad status line: " + abbreviate(line));
            }
            return new Head(line.substring(0, 8), Integer.parseInt(line.substring(9, 12)), readFields());
        }

        /** Reads header or trailer fields up to the empty line, unfolding obsolete line folding. */
        private Map<String, String> readFields() throws IOException {
            Map<String, String> fields = new HashMap<>();
            String last = null;
            for (String line = in.line(); !line.isEmpty(); line = in.line()) {
                if (fields.size() >= MAX_FIELDS) {
                    throw new ProtocolException("more than " + MAX_FIELDS + " header fields");
                }
                if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
                    fields.merge(last, line.strip(), (a, b) -> a + " " + b);
                    continue;
                }
                int colon = line.indexOf(':');
                if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(colon - 1) == '\t') {
                    throw new ProtocolException("bad header field: " + abbreviate(line));
                }
                last = line.substring(0, colon).toLowerCase(Locale.ROOT);
                fields.merge(last, line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
            return fields;
        }

        private byte[] readBody(Head head, String method) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            switch (head.framing(method)) {
                case LENGTH -> in.copy(limited(head.contentLength(), 0), body);
                case CHUNKED -> readChunks(body);
                case CLOSE -> in.copyToEnd(body, MAX_BODY);
                case NONE -> { }
            }
            return body.toByteArray();
        }

        private void readChunks(ByteArrayOutputStream body) throws IOException {
            for (long size = chunkSize(in.line()); size > 0; size = chunkSize(in.line())) {
                in.copy(limited(size, body.size()), body);
                if (!in.line().isEmpty()) {
                    throw new ProtocolException("chunk data not followed by CRLF");
                }
            }
            readFields();
        }

        private static long chunkSize(String line) throws ProtocolException {
            int semicolon = line.indexOf(';');
            String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
            if (!CHUNK_SIZE.matcher(hex).matches()) {
                throw new ProtocolException("bad chunk size line: " + abbreviate(line));
            }
            return Long.parseLong(hex, 16);
        }

        private static long limited(long length, long soFar) throws ProtocolException {
            if (length > MAX_BODY - soFar) {
                throw new ProtocolException("response body larger than " + MAX_BODY + " bytes");
            }
            return length;
        }
    }

    /** Buffered input of one socket; every read waits at most until the current request's deadline. */
    static final class HttpInput {
        private static final int MAX_LINE = 8192;

        private final Socket socket;
        private final InputStream stream;
        private final byte[] buffer = new byte[16 * 1024];
        private int pos;
        private int limit;
        private long deadlineNanos;
        private boolean received;

        HttpInput(Socket socket) throws IOException {
            this.socket = socket;
            this.stream = socket.getInputStream();
        }

        /** Starts a new response: sets its deadline and forgets whether bytes arrived for the previous one. */
        void begin(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
            this.received = false;
        }

        /** Whether any byte of the current response has arrived. */
        boolean received() {
            return received;
        }

        boolean hasUnreadBytes() {
            return pos < limit;
        }

        /** The next line without its CRLF (a bare LF is accepted), decoded as ISO-8859-1. */
        String line() throws IOException {
            int from = pos;
            while (true) {
                for (int i = from; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        return takeLine(i);
                    }
                }
                if (limit - pos >= MAX_LINE) {
                    throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
                }
                compact();
                from = limit;
                if (!fill()) {
                    throw new EOFException(received ? "connection closed in the middle of the response"
                            : "connection closed before the response");
                }
            }
        }

        void copy(long length, ByteArrayOutputStream body) throws IOException {
            for (long left = length; left > 0; ) {
                if (pos == limit && !refill()) {
                    throw new EOFException("connection closed " + left + " bytes before the end of the body");
                }
                int n = (int) Math.min(left, limit - pos);
                body.write(buffer, pos, n);
                pos += n;
                left -= n;
            }
        }

        void copyToEnd(ByteArrayOutputStream body, long maxBytes) throws IOException {
            while (pos < limit || refill()) {
                if (body.size() + (long) (limit - pos) > maxBytes) {
                    throw new ProtocolException("response body larger than " + maxBytes + " bytes");
                }
                body.write(buffer, pos, limit - pos);
                pos = limit;
            }
        }

        static int millisLeft(long deadlineNanos) throws SocketTimeoutException {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no complete response within the timeout");
            }
            return (int) Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000);
        }

        private String takeLine(int newline) {
            int end = newline > pos && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            String line = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
            pos = newline + 1;
            return line;
        }

        private void compact() {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }

        private boolean refill() throws IOException {
            pos = 0;
            limit = 0;
            return fill();
        }

        private boolean fill() throws IOException {
            socket.setSoTimeout(millisLeft(deadlineNanos));
            int n = stream.read(buffer, limit, buffer.length - limit);
            if (n <= 0) {
                return false;
            }
            limit += n;
            received = true;
            return true;
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
        private final int reconnects;
        private final double durationSeconds;
        private final double pollSeconds;

        Report(Options options, String runId, List<Submission> warmup, List<Submission> measured,
               Map<String, Submission> accepted, Map<String, Decision> decisions,
               Map<String, Integer> pollProblems, int reconnects, double durationSeconds, double pollSeconds) {
            this.options = options;
            this.runId = runId;
            this.warmup = warmup;
            this.measured = measured;
            this.accepted = accepted;
            this.decisions = decisions;
            this.pollProblems = new TreeMap<>(pollProblems);
            this.reconnects = reconnects;
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

        /** End to end: decided leads over the span from the first measured submit to the last decision. */
        private double assignedPerSecond() {
            if (decisions.isEmpty()) {
                return 0;
            }
            long firstSubmit = accepted.values().stream().mapToLong(Submission::startEpochMicros).min().orElse(0);
            long lastDecision = decisions.values().stream().mapToLong(Decision::decidedAtEpochMicros).max().orElse(0);
            double seconds = (lastDecision - firstSubmit) / 1e6;
            return seconds > 0 ? decisions.size() / seconds : 0;
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
            out.printf("reconnects           %d (requests resent once after a kept-alive connection broke)%n",
                    reconnects);
            out.printf("%-20s %9s %9s %9s %9s %7s%n", "latency (ms)", "p50", "p90", "p99", "max", "n");
            printLatencies(out, "submit -> 202", submitLatencies());
            printLatencies(out, "submit -> decided", assignedLatencies());
            out.printf("decided              %d of %d in %.1f s   not decided in %d s: %d   outcomes %s%n",
                    decisions.size(), accepted.size(), pollSeconds, options.assignedTimeout().toSeconds(),
                    accepted.size() - decisions.size(), outcomes());
            out.printf("end to end           %.1f assigned/s (first measured submit -> last decision)%n",
                    assignedPerSecond());
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
            json.put("reconnects", reconnects);
            json.put("submit_to_202_ms", latencyJson(submitLatencies()));
            json.put("submit_to_assigned_ms", latencyJson(assignedLatencies()));
            json.put("assigned", decisions.size());
            json.put("assigned_per_s", round(assignedPerSecond()));
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
