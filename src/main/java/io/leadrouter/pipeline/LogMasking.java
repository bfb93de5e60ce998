package io.leadrouter.pipeline;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Right after Spring Boot has configured Logback (plain text, or JSON with {@code logging.structured.format.console}),
 * wraps the encoder of every output appender in a {@link MaskingLogEncoder}: no email address or phone number
 * reaches the console or a log file, whatever logged it. Registered in {@code META-INF/spring.factories}.
 */
public class LogMasking implements SmartApplicationListener {

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        install();
    }

    /** Wraps every output appender's encoder once (idempotent: a second context in the same JVM changes nothing). */
    static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender && appender.getEncoder() != null
                        && !(appender.getEncoder() instanceof MaskingLogEncoder)) {
                    MaskingLogEncoder masking = new MaskingLogEncoder(appender.getEncoder());
                    masking.setContext(context);
                    appender.setEncoder(masking);
                }
            }
        }
    }
}
