package io.leadrouter.mapping.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParsePosition;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * One email (exact RFC 822 bytes) read into the flat field map a mail source's mapping file reads.
 *
 * <p>{@link #fields()} keys, each present only when found; values are {@code String}, or {@code List<String>}
 * for a notification label that occurs more than once:
 * <ul>
 * <li>{@code from_email}, {@code from_name} — the lead. For a forwarded message (Gmail "---------- Forwarded
 * message ---------", Outlook "From: … Sent: …" under an FW: subject, Apple "Begin forwarded message:") the
 * original sender from the forwarded block; the name is RFC 2047 decoded exactly, without normalization.</li>
 * <li>{@code forwarded_by} — the forwarding colleague's address, only for forwarded messages.</li>
 * <li>{@code reply_to} — Reply-To address (for a forward: the one in the forwarded block, if any).</li>
 * <li>{@code subject} — for a forward the original subject (or the outer one without "Fwd:"/"FW:").</li>
 * <li>{@code body} — plain text: text/plain preferred, else HTML converted with jsoup; transfer encodings and
 * charsets decoded; quoted reply history, "> " lines and the "-- " signature removed.</li>
 * <li>{@code message_id} — Message-ID without angle brackets; {@code date} — Date as ISO-8601 with offset
 * (the raw header when it cannot be parsed).</li>
 * <li>{@code field_<snake_case_label>} — "Label: value" lines of a notification email (two or more labels),
 * including HTML label/value table rows: {@code Phone number: …} → {@code field_phone_number},
 * {@code E-mail: …} → {@code field_e_mail}.</li>
 * <li>{@code signature_name}, {@code signature_title}, {@code signature_company}, {@code signature_phone} —
 * from a person's signature block (after "-- ", after a closing such as "Best regards,", or a short last
 * paragraph with a phone number); only for messages that are not notifications.</li>
 * <li>{@code vcard_email}, {@code vcard_phone}, {@code vcard_first_name}, {@code vcard_last_name},
 * {@code vcard_company}, {@code vcard_title} — from the first vCard attachment (text/vcard, text/x-vcard,
 * *.vcf).</li>
 * </ul>
 *
 * <p>Bounds: at most {@value #MAX_MESSAGE_BYTES} bytes, {@value #MAX_PARTS} MIME parts and nesting depth
 * {@value #MAX_DEPTH}; text is scanned line by line with per-line limits, HTML goes through jsoup only.
 */
public final class EmailPayload {

    /** The largest message read, 1 MiB; the mail source enforces the same limit before committing. */
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    static final int MAX_PARTS = 50;
    static final int MAX_DEPTH = 10;
    static final String UNEXPECTED = "the message could not be read (unexpected ";

    private static final int HEADER_MAX_CHARS = 8_192;
    private static final Set<String> VCARD_TYPES = Set.of("text/vcard", "text/x-vcard", "text/directory");
    private static final Set<String> BULK_PRECEDENCE = Set.of("bulk", "junk", "auto_reply", "auto-reply");
    private static final Set<String> REPORT_TYPES = Set.of("delivery-status", "disposition-notification");
    private static final Session SESSION = Session.getInstance(sessionProperties());

    private final String messageId;
    private final String automatedReason;
    private final Map<String, Object> fields;

    private EmailPayload(String messageId, String automatedReason, Map<String, Object> fields) {
        this.messageId = messageId;
        this.automatedReason = automatedReason;
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Parses one message; never throws for bad input except EmailPayloadException with a reason a person understands. */
    public static EmailPayload parse(byte[] rfc822) throws EmailPayloadException {
        if (rfc822 == null || rfc822.length == 0) {
            throw new EmailPayloadException("the message is empty");
        }
        if (rfc822.length > MAX_MESSAGE_BYTES) {
            throw new EmailPayloadException("the message is " + rfc822.length + " bytes; at most " + MAX_MESSAGE_BYTES
                    + " bytes (1 MiB) are read");
        }
        try {
            return read(rfc822);
        } catch (MessagingException e) {
            throw new EmailPayloadException("the message is not valid MIME: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EmailPayloadException("the message body could not be read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new EmailPayloadException(UNEXPECTED + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Message-ID without angle brackets, or null. */
    public String messageId() {
        return messageId;
    }

    /** Auto-reply, bounce or delivery report: the caller ignores the message. */
    public boolean automated() {
        return automatedReason != null;
    }

    /** Why the message counts as automated, e.g. "Auto-Submitted: auto-replied"; null when it is not. */
    public String automatedReason() {
        return automatedReason;
    }

    /** What a mapping file reads (keys in the class documentation); values are String or List&lt;String&gt;. */
    public Map<String, Object> fields() {
        return fields;
    }

    private static EmailPayload read(byte[] bytes) throws MessagingException, IOException, EmailPayloadException {
        MimeMessage message = new MimeMessage(SESSION, new SharedByteArrayInputStream(bytes));
        String subject = decodedHeader(message, "Subject");
        MailAddress from = MailAddress.parse(header(message, "From"));
        if (from.email() == null) {
            from = MailAddress.parse(header(message, "Sender"));
        }
        String replyTo = MailAddress.parse(header(message, "Reply-To")).email();
        String messageId = messageId(header(message, "Message-ID"));

        Parts parts = new Parts();
        parts.walk(message, 0);
        List<String> lines = lines(parts.text());

        Map<String, Object> fields = new LinkedHashMap<>();
        Forward forward = Forward.find(lines, subject);
        if (forward != null) {
            put(fields, "from_email", forward.from().email());
            put(fields, "from_name", forward.from().name());
            put(fields, "forwarded_by", from.email());
            put(fields, "reply_to", forward.replyTo());
            put(fields, "subject", forward.subject() != null ? forward.subject() : Forward.stripForwardPrefixes(subject));
            lines = lines.subList(forward.bodyStart(), lines.size());
        } else {
            put(fields, "from_email", from.email());
            put(fields, "from_name", from.name());
            put(fields, "reply_to", replyTo);
            put(fields, "subject", subject);
        }
        List<String> content = withoutReplyHistory(lines);
        int separator = Signature.separatorIndex(content);
        List<String> main = separator < 0 ? content : content.subList(0, separator);
        put(fields, "body", String.join("\n", main).strip());
        put(fields, "message_id", messageId);
        put(fields, "date", isoDate(header(message, "Date")));

        Map<String, List<String>> labelled = LabelledLines.read(main);
        if (labelled.size() >= 2) {
            labelled.forEach((key, values) -> fields.put(key, values.size() == 1 ? values.get(0) : List.copyOf(values)));
        } else {
            List<String> signature = separator >= 0 ? content.subList(separator + 1, content.size()) : Signature.afterClosing(main);
            fields.putAll(Signature.read(signature));
        }
        if (parts.vcard != null) {
            fields.putAll(VCards.read(parts.vcard));
        }
        if (!fields.containsKey("from_email") && !fields.containsKey("body") && !fields.containsKey("vcard_email")) {
            throw new EmailPayloadException("the message has no sender address and no text; it does not look like an email");
        }
        return new EmailPayload(messageId, automatedReason(message, from), fields);
    }

    private static String automatedReason(MimeMessage message, MailAddress from) throws MessagingException {
        String autoSubmitted = header(message, "Auto-Submitted");
        if (autoSubmitted != null) {
            String value = beforeSemicolon(autoSubmitted);
            if (!value.isEmpty() && !value.equals("no")) {
                return "Auto-Submitted: " + value;
            }
        }
        for (String name : List.of("X-Autoreply", "X-Autorespond")) {
            String value = header(message, name);
            if (value != null && !beforeSemicolon(value).equals("no")) {
                return name + ": " + value.strip();
            }
        }
        String precedence = header(message, "Precedence");
        if (precedence != null && BULK_PRECEDENCE.contains(beforeSemicolon(precedence))) {
            return "Precedence: " + beforeSemicolon(precedence);
        }
        ContentType type = contentType(message);
        String reportType = type.getParameter("report-type");
        if (type.match("multipart/report") && reportType != null && REPORT_TYPES.contains(reportType.toLowerCase(Locale.ROOT))) {
            return "Content-Type: multipart/report; report-type=" + reportType.toLowerCase(Locale.ROOT);
        }
        if (from.email() != null) {
            String local = from.email().substring(0, Math.max(0, from.email().indexOf('@'))).toLowerCase(Locale.ROOT);
            if (local.equals("mailer-daemon") || local.equals("postmaster")) {
                return "From: " + from.email();
            }
        }
        String returnPath = header(message, "Return-Path");
        if (returnPath != null && returnPath.strip().equals("<>")) {
            return "Return-Path: <> (null sender)";
        }
        return null;
    }

    /** Drops quoted reply history: everything from "On … wrote:" / an Outlook header block on, and "> " lines. */
    private static List<String> withoutReplyHistory(List<String> lines) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (Quotes.startsReplyHistory(lines, i)) {
                break;
            }
            String line = lines.get(i);
            if (!line.startsWith(">")) {
                kept.add(line.stripTrailing().equals("--") ? line : line.stripTrailing());
            }
        }
        return kept;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /** The MIME tree walk: text bodies and the first vCard, within the part and depth bounds. */
    private static final class Parts {
        private final StringBuilder plain = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private String vcard;
        private int count;

        String text() {
            if (!plain.toString().isBlank()) {
                return plain.toString();
            }
            return html.length() == 0 ? "" : HtmlText.toText(html.toString());
        }

        void walk(Part part, int depth) throws MessagingException, IOException, EmailPayloadException {
            if (depth > MAX_DEPTH) {
                throw new EmailPayloadException("MIME parts are nested more than " + MAX_DEPTH + " levels deep");
            }
            if (depth > 0 && ++count > MAX_PARTS) {
                throw new EmailPayloadException("the message has more than " + MAX_PARTS + " MIME parts");
            }
            ContentType type = contentType(part);
            byte[] raw = rawBytes(part);
            if (type.getPrimaryType().equalsIgnoreCase("multipart")) {
                walkMultipart(type, raw, depth);
                return;
            }
            String baseType = type.getBaseType().toLowerCase(Locale.ROOT);
            String fileName = fileName(part);
            if (VCARD_TYPES.contains(baseType) || fileName != null && fileName.toLowerCase(Locale.ROOT).endsWith(".vcf")) {
                if (vcard == null) {
                    vcard = leafText(part, type, raw);
                }
                return;
            }
            if (isAttachment(part)) {
                return;
            }
            if (baseType.equals("text/plain")) {
                append(plain, leafText(part, type, raw));
            } else if (baseType.equals("text/html")) {
                append(html, leafText(part, type, raw));
            }
        }

        private void walkMultipart(ContentType type, byte[] raw, int depth)
                throws MessagingException, IOException, EmailPayloadException {
            String boundary = type.getParameter("boundary");
            if (boundary != null && boundaryLines(raw, boundary) > MAX_PARTS + 1) {
                throw new EmailPayloadException("the message has more than " + MAX_PARTS + " MIME parts");
            }
            MimeMultipart multipart = new MimeMultipart(new BytesSource(type.toString(), raw));
            int parts;
            try {
                parts = multipart.getCount();
            } catch (MessagingException broken) {
                // No usable boundary: read the body as the text it most likely is.
                append(plain, MimeText.decodeCharset(raw, null));
                return;
            }
            for (int i = 0; i < parts; i++) {
                walk(multipart.getBodyPart(i), depth + 1);
            }
        }

        private static void append(StringBuilder text, String more) {
            if (text.length() > 0 && more != null && !more.isBlank()) {
                text.append('\n');
            }
            text.append(more);
        }
    }

    private static String leafText(Part part, ContentType type, byte[] raw) {
        String encoding = null;
        try {
            encoding = part instanceof MimeBodyPart body ? body.getEncoding() : ((MimeMessage) part).getEncoding();
        } catch (MessagingException | RuntimeException unreadableHeader) {
            // treat as 8bit
        }
        return MimeText.decodeCharset(MimeText.decodeTransfer(raw, encoding), type.getParameter("charset"));
    }

    private static byte[] rawBytes(Part part) throws MessagingException, IOException {
        InputStream in = part instanceof MimeBodyPart body ? body.getRawInputStream()
                : part instanceof MimeMessage message ? message.getRawInputStream() : part.getInputStream();
        try (in) {
            return in.readNBytes(MAX_MESSAGE_BYTES);
        }
    }

    /** Lines that start with "--" + boundary: an upper bound of the parts a multipart will produce. */
    private static int boundaryLines(byte[] raw, String boundary) {
        byte[] marker = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int lines = 0;
        int lineStart = 0;
        while (lineStart < raw.length) {
            if (startsWith(raw, lineStart, marker)) {
                lines++;
            }
            int next = lineStart;
            while (next < raw.length && raw[next] != '\n') {
                next++;
            }
            lineStart = next + 1;
        }
        return lines;
    }

    private static boolean startsWith(byte[] raw, int at, byte[] marker) {
        if (at + marker.length > raw.length) {
            return false;
        }
        for (int i = 0; i < marker.length; i++) {
            if (raw[at + i] != marker[i]) {
                return false;
            }
        }
        return true;
    }

    private static ContentType contentType(Part part) {
        String value = null;
        try {
            String[] values = part.getHeader("Content-Type");
            value = values == null || values.length == 0 ? null : MimeUtility.unfold(cap(values[0]));
        } catch (MessagingException | RuntimeException unreadable) {
            // default below
        }
        if (value != null) {
            try {
                return new ContentType(value);
            } catch (ParseException | RuntimeException badParameters) {
                int semicolon = value.indexOf(';');
                try {
                    return new ContentType(semicolon < 0 ? value.strip() : value.substring(0, semicolon).strip());
                } catch (ParseException | RuntimeException badType) {
                    // default below
                }
            }
        }
        return new ContentType("text", "plain", null);
    }

    private static String fileName(Part part) {
        try {
            return part.getFileName();
        } catch (MessagingException | RuntimeException badParameter) {
            return null;
        }
    }

    private static boolean isAttachment(Part part) {
        try {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition());
        } catch (MessagingException | RuntimeException badDisposition) {
            return false;
        }
    }

    private static String header(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        if (values == null || values.length == 0 || values[0] == null) {
            return null;
        }
        return MimeUtility.unfold(cap(values[0])).strip();
    }

    private static String decodedHeader(Part part, String name) throws MessagingException {
        String raw = header(part, name);
        if (raw == null) {
            return null;
        }
        try {
            return MimeUtility.decodeText(raw);
        } catch (IOException | RuntimeException undecodable) {
            return raw;
        }
    }

    private static String cap(String value) {
        return value.length() > HEADER_MAX_CHARS ? value.substring(0, HEADER_MAX_CHARS) : value;
    }

    private static String messageId(String header) {
        if (header == null) {
            return null;
        }
        String id = header.strip();
        int open = id.indexOf('<');
        int close = open < 0 ? -1 : id.indexOf('>', open);
        if (close > open) {
            id = id.substring(open + 1, close);
        }
        id = id.strip();
        return id.isEmpty() ? null : id;
    }

    /** The Date header as ISO-8601 with its offset; lenient RFC 5322 parsing; the raw value when unparsable. */
    static String isoDate(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        int comment = value.indexOf('(');
        String withoutComment = comment > 0 ? value.substring(0, comment).strip() : value;
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    ZonedDateTime.parse(withoutComment, DateTimeFormatter.RFC_1123_DATE_TIME).toOffsetDateTime());
        } catch (DateTimeParseException notStrictRfc1123) {
            Date date = new MailDateFormat().parse(withoutComment, new ParsePosition(0));
            return date == null ? value : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(date.toInstant().atOffset(ZoneOffset.UTC));
        }
    }

    private static String beforeSemicolon(String value) {
        int semicolon = value.indexOf(';');
        return (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static void put(Map<String, Object> fields, String key, String value) {
        if (value != null && !value.isBlank()) {
            fields.put(key, value.strip());
        }
    }

    private static Properties sessionProperties() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.address.strict", "false");
        return properties;
    }

    /** A multipart body's bytes with its Content-Type, for MimeMultipart to split. */
    private record BytesSource(String contentType, byte[] bytes) implements DataSource {
        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new SharedByteArrayInputStream(bytes);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("read-only");
        }

        @Override
        public String getName() {
            return "multipart";
        }
    }
}
