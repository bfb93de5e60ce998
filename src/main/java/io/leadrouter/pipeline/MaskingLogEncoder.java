package io.leadrouter.pipeline;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;

/**
 * Wraps the encoder of a Logback appender (plain text or Spring Boot's structured JSON alike) and masks personal data
 * in each encoded line. ISO-8859-1 maps every byte to one char and back, so the bytes of any ASCII-compatible
 * encoding pass through unchanged apart from the masks.
 */
final class MaskingLogEncoder extends ContextAwareBase implements Encoder<ILoggingEvent> {
    private final Encoder<ILoggingEvent> delegate;

    MaskingLogEncoder(Encoder<ILoggingEvent> delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] encoded = delegate.encode(event);
        if (encoded == null) {
            return null;
        }
        String line = new String(encoded, StandardCharsets.ISO_8859_1);
        String masked = PersonalDataMask.mask(line);
        return masked.equals(line) ? encoded : masked.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void stop() {
        delegate.stop();
    }

    @Override
    public boolean isStarted() {
        return delegate.isStarted();
    }
}
