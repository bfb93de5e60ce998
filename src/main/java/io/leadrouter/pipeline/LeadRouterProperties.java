package io.leadrouter.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Every {@code leadrouter.*} setting, with the defaults a first run needs. */
@ConfigurationProperties("leadrouter")
public record LeadRouterProperties(Path mappingsDir, Path policyFile, Path dataDir, Intake intake, Processing processing,
        Map<String, Map<String, String>> sources) {

    public LeadRouterProperties {
        mappingsDir = mappingsDir == null ? Path.of("mappings") : mappingsDir;
        policyFile = policyFile == null ? Path.of("policy", "distribution.yaml") : policyFile;
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        intake = intake == null ? new Intake(0, 0, 0, null) : intake;
        processing = processing == null ? new Processing(0, null, null, null, null) : processing;
        sources = sources == null ? Map.of() : Map.copyOf(sources);
    }

    /**
     * A source's setting ({@code leadrouter.sources.<id>.<name>}), or null: from the command line, the environment
     * or a mounted Secret, like every Spring property.
     */
    /**
     * Whether a source that needs settings (a secret) was configured: any {@code leadrouter.sources.<id>.*} setting
     * given, unless {@code enabled=false}. Unconfigured, such a source stays off (its requests get 404 saying what to
     * set) so a first run needs no secrets; configured but incomplete, start-up fails naming the missing property.
     */
    public boolean sourceConfigured(String sourceId) {
        Map<String, String> settings = sources.get(sourceId);
        if (settings == null || settings.values().stream().allMatch(v -> v == null || v.isBlank())) {
            return false;
        }
        return !"false".equalsIgnoreCase(String.valueOf(settings.get("enabled")).strip());
    }

    public String sourceSetting(String sourceId, String name) {
        Map<String, String> settings = sources.get(sourceId);
        String value = settings == null ? null : settings.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Intake limits and group-commit sizing. */
    public record Intake(long maxBodyBytes, int commitBatch, int maxQueued, Duration ackTimeout) {
        public Intake {
            maxBodyBytes = maxBodyBytes <= 0 ? 1024 * 1024 : maxBodyBytes;
            commitBatch = commitBatch <= 0 ? 500 : commitBatch;
            maxQueued = maxQueued <= 0 ? 20_000 : maxQueued;
            ackTimeout = ackTimeout == null ? Duration.ofSeconds(10) : ackTimeout;
        }
    }

    /**
     * Decision batch size, how often the pending queue and due leads are swept when nothing wakes the workers, and
     * when a held lead with no known time someone comes back is tried again, and how long the same person arriving
     * again (any channel; email, else phone) becomes an event on their lead instead of a new lead (zero = off), and
     * how long a webhook submission whose vendor API is down waits before it is mapped again (doubling, at most 4 h).
     */
    public record Processing(int batchSize, Duration sweepInterval, Duration holdRetry, Duration sameLeadWindow,
            Duration mapRetryDelay) {
        public Processing {
            sameLeadWindow = sameLeadWindow == null ? Duration.ofDays(7) : sameLeadWindow;
            mapRetryDelay = mapRetryDelay == null ? Duration.ofSeconds(30) : mapRetryDelay;
            batchSize = batchSize <= 0 ? 500 : batchSize;
            sweepInterval = sweepInterval == null ? Duration.ofSeconds(1) : sweepInterval;
            holdRetry = holdRetry == null ? Duration.ofMinutes(5) : holdRetry;
        }
    }
}
