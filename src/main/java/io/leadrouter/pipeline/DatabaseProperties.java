package io.leadrouter.pipeline;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * PostgreSQL time limits ({@code leadrouter.database.*}), all shorter than the intake's ack timeout (10 s) so a stuck
 * statement or lock fails and is answered instead of holding a request thread: {@code statementTimeout} and
 * {@code lockTimeout} are the server's {@code statement_timeout} and {@code lock_timeout}; {@code connectTimeout} and
 * {@code socketTimeout} are the driver's (a database host that vanished without closing the connection). Zero = off.
 * The embedded H2 database has its own lock timeout (1 s) and ignores these.
 */
@ConfigurationProperties("leadrouter.database")
public record DatabaseProperties(Duration statementTimeout, Duration lockTimeout, Duration connectTimeout,
        Duration socketTimeout, Duration migrationLockTimeout) {

    public DatabaseProperties {
        statementTimeout = statementTimeout == null ? Duration.ofSeconds(8) : statementTimeout;
        lockTimeout = lockTimeout == null ? Duration.ofSeconds(3) : lockTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(3) : connectTimeout;
        socketTimeout = socketTimeout == null ? Duration.ofSeconds(30) : socketTimeout;
        migrationLockTimeout = migrationLockTimeout == null ? Duration.ofMinutes(1) : migrationLockTimeout;
    }
}
