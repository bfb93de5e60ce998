package io.leadrouter.pipeline;

import io.leadrouter.intake.IntakeOutcome;
import io.leadrouter.intake.LeadIntake;
import io.leadrouter.intake.IntakeOutcome.Refusal;
import io.leadrouter.intake.RawSubmission;
import io.leadrouter.mapping.Payloads;
import io.leadrouter.mapping.mail.EmailPayload;
import io.leadrouter.mapping.mail.EmailPayloadException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code leadMailEdge} of the {@code lead-mail-source} kamelet: reads one polled message into a
 * {@link RawSubmission} (its exact RFC 822 bytes, keyed by Message-ID) and answers the {@link IntakeOutcome} in mail
 * terms. camel-mail commits the mailbox only after the exchange completes, so a message is marked \Seen (or deleted)
 * only once its bytes are durable; one that cannot be stored is moved to the failed folder, never left to be
 * re-polled forever. Auto-replies and bounces are marked \Seen and not submitted.
 */
public class MailIntakeEdge {
    private static final Logger LOG = LoggerFactory.getLogger(MailIntakeEdge.class);
    /** The per-message header camel-mail reads when it commits: the folder to move this message to. */
    static final String MOVE_TO_HEADER = "moveTo";
    /** Set on an exchange whose message is an automated reply: nothing is submitted. */
    static final String IGNORED_PROPERTY = "LeadRouterMailIgnored";
    /** Set when a message that cannot be taken was kept as a rejection: it is still moved to the failed folder. */
    static final String KEPT_PROPERTY = "LeadRouterMailKeptAsRejection";
    /** How much of a message over the size limit is kept with its rejection (its headers and the start of its body). */
    static final int KEPT_PREFIX_BYTES = 64 * 1024;

    private final LeadIntake intake;

    public MailIntakeEdge(LeadIntake intake) {
        this.intake = intake;
    }

    /** Reads the polled message; the body becomes a RawSubmission, a Refused outcome, or null for automated mail. */
    public void read(Exchange exchange, String sourceId) {
        Object body = readMessage(exchange, sourceId);
        // A fresh message: the mail's own headers (personal data; lazily loaded, and loading can fail) go no further.
        DefaultMessage submission = new DefaultMessage(exchange);
        submission.setBody(body);
        exchange.setMessage(submission);
    }

    /** Anything unexpected while handling a message: moved to {@code failedFolder}, never re-polled forever. */
    public void failed(Exchange exchange, String sourceId, String failedFolder) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("handling a message in the {} mailbox failed ({}); moving it to folder {}", sourceId,
                cause == null ? "unknown" : cause.getClass().getName(), failedFolder);
        DefaultMessage moved = new DefaultMessage(exchange);
        moved.setHeader(MOVE_TO_HEADER, failedFolder);
        exchange.setMessage(moved);
    }

    private Object readMessage(Exchange exchange, String sourceId) {
        MailMessage mail = exchange.getIn(MailMessage.class);
        Message message = mail == null ? null : mail.getOriginalMessage();
        if (message == null) {
            return IntakeOutcome.Refused.of(Refusal.MALFORMED, "message", "the exchange carries no mail message");
        }
        byte[] bytes;
        BoundedBuffer buffer = new BoundedBuffer(EmailPayload.MAX_MESSAGE_BYTES);
        try {
            message.writeTo(buffer);
            bytes = buffer.toByteArray();
        } catch (BoundedBuffer.Overflow e) {
            return keptAsRejection(exchange, sourceId, message, buffer.prefix(KEPT_PREFIX_BYTES), Refusal.TOO_LARGE,
                    "the message is larger than " + EmailPayload.MAX_MESSAGE_BYTES + " bytes (1 MiB); its first "
                            + KEPT_PREFIX_BYTES / 1024 + " KiB are kept here");
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.warn("a message in the {} mailbox could not be read: {}", sourceId, e.getClass().getName());
            return IntakeOutcome.Refused.of(Refusal.MALFORMED, "message", "the message could not be read from the mailbox");
        }
        String messageId = null;
        try {
            EmailPayload email = EmailPayload.parse(bytes);
            if (email.automated()) {
                LOG.info("ignored an automated message in the {} mailbox ({}, {} bytes)", sourceId,
                        email.automatedReason(), bytes.length);
                exchange.setProperty(IGNORED_PROPERTY, true);
                return null;
            }
            messageId = email.messageId();
        } catch (EmailPayloadException unreadable) {
            // Stored anyway: the mapper keeps it as a rejection with the reason, visible and replayable.
        }
        return new RawSubmission(sourceId, Payloads.EMAIL_TYPE, bytes, Map.of(), messageId);
    }

    /** Keeps the start of a message that cannot be taken as a rejection; the message itself goes to the failed folder. */
    private Object keptAsRejection(Exchange exchange, String sourceId, Message message, byte[] prefix, Refusal refusal, String reason) {
        String messageId = null;
        try {
            messageId = message.getHeader("Message-ID") == null ? null : message.getHeader("Message-ID")[0];
        } catch (MessagingException | RuntimeException e) {
            messageId = null;
        }
        IntakeOutcome kept = intake.keep(new RawSubmission(sourceId, Payloads.EMAIL_TYPE, prefix, Map.of(), messageId),
                java.util.List.of(new io.leadrouter.lead.FieldViolation("message", reason)));
        if (kept instanceof IntakeOutcome.Rejected || kept instanceof IntakeOutcome.Duplicate) {
            exchange.setProperty(KEPT_PROPERTY, true);
            return kept;
        }
        return IntakeOutcome.Refused.of(refusal, "message", reason);
    }

    /**
     * The outcome in mail terms: stored (accepted, duplicate, kept rejection) → committed as the endpoint says
     * (\Seen, or deleted); not stored → moved to {@code failedFolder} so it is neither lost nor polled again.
     */
    public void answer(Exchange exchange, String sourceId, String failedFolder) {
        if (exchange.getProperty(IGNORED_PROPERTY, false, Boolean.class)) {
            return;
        }
        IntakeOutcome outcome = exchange.getMessage().getBody(IntakeOutcome.class);
        if (exchange.getProperty(KEPT_PROPERTY, false, Boolean.class)) {
            LOG.warn("a message in the {} mailbox could not be taken; kept as a rejection and moved to folder {}", sourceId, failedFolder);
            exchange.getMessage().setHeader(MOVE_TO_HEADER, failedFolder);
            return;
        }
        if (outcome instanceof IntakeOutcome.Accepted || outcome instanceof IntakeOutcome.Duplicate
                || outcome instanceof IntakeOutcome.Rejected) {
            return;
        }
        String why = outcome instanceof IntakeOutcome.Refused refused ? refused.refusal().name()
                : outcome instanceof IntakeOutcome.Unavailable ? "UNAVAILABLE" : "NO_OUTCOME";
        LOG.warn("a message in the {} mailbox was not stored ({}); moving it to folder {}", sourceId, why, failedFolder);
        exchange.getMessage().setHeader(MOVE_TO_HEADER, failedFolder);
    }

    /** Collects at most {@code limit} bytes; one more fails the write instead of buffering a huge message. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {
        private final int limit;

        /** The first {@code max} bytes collected. */
        byte[] prefix(int max) {
            return java.util.Arrays.copyOf(buf, Math.min(count, max));
        }

        BoundedBuffer(int limit) {
            super(8192);
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            ensure(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            ensure(len);
            super.write(b, off, len);
        }

        private void ensure(int more) {
            if (count + more > limit) {
                throw new Overflow();
            }
        }

        static final class Overflow extends RuntimeException {
            Overflow() {
                super("message larger than the limit", null, false, false);
            }
        }
    }
}
