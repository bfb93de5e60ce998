package io.leadrouter.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.leadrouter.mapping.mail.EmailPayload;
import io.leadrouter.mapping.mail.EmailPayloadException;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a submission's exact bytes into the value tree a mapping reads (maps, lists, strings), by media type:
 * JSON, urlencoded and multipart form data, XML, one email ({@code message/rfc822}). Every reader is bounded (depth, fields, parts) and fails only
 * with a {@link PayloadException} naming the problem.
 */
public final class Payloads {
    public static final int MAX_DEPTH = 64;
    public static final int MAX_FIELDS = 1_000;
    public static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data");
    public static final String EMAIL_TYPE = "message/rfc822";

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Payloads() {
    }

    /** The media types an HTTP source accepts; {@code message/rfc822} is read too, but only the mail source sends it. */
    public static boolean readable(String mediaType) {
        return "application/json".equals(mediaType) || FORM_TYPES.contains(mediaType) || isXml(mediaType);
    }

    /**
     * Reads {@code body} sent as {@code contentType} (with its parameters: charset, boundary): a JSON object or
     * array, form fields as a map (repeated names become lists), XML as nested maps, or an email as the flat field
     * map of {@link EmailPayload#fields()}.
     */
    public static Object read(String contentType, byte[] body) throws PayloadException {
        String mediaType = mediaType(contentType);
        if ("application/json".equals(mediaType) || mediaType.endsWith("+json")) {
            return json(body);
        }
        if ("application/x-www-form-urlencoded".equals(mediaType)) {
            return urlencoded(new String(body, StandardCharsets.UTF_8));
        }
        if ("multipart/form-data".equals(mediaType)) {
            return multipart(contentType, body);
        }
        if (isXml(mediaType)) {
            return XmlPayload.parse(body);
        }
        if (EMAIL_TYPE.equals(mediaType)) {
            return email(body);
        }
        throw new PayloadException("content type '" + mediaType + "' cannot be read; send JSON, a form or XML");
    }

    /** An automated message (auto-reply, bounce) is no lead: the mail source drops it, so one stored is a rejection. */
    private static Map<String, Object> email(byte[] body) throws PayloadException {
        EmailPayload email;
        try {
            email = EmailPayload.parse(body);
        } catch (EmailPayloadException e) {
            throw new PayloadException(e.getMessage());
        }
        if (email.automated()) {
            throw new PayloadException("the email is an automated message (" + email.automatedReason()
                    + "), not a person writing in; it holds no lead");
        }
        return email.fields();
    }

    static boolean isXml(String mediaType) {
        return "text/xml".equals(mediaType) || "application/xml".equals(mediaType) || "application/soap+xml".equals(mediaType);
    }

    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    private static Object json(byte[] body) throws PayloadException {
        if (body.length == 0) {
            throw new PayloadException("empty body; send a JSON object with the lead's fields");
        }
        Object value;
        try {
            value = JSON.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw new PayloadException("malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw new PayloadException("unreadable JSON body: " + e.getMessage());
        }
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            throw new PayloadException("the body is a JSON " + (value == null ? "null" : "scalar") + "; send a JSON object");
        }
        return value;
    }

    /**
     * A JSON object sent as text inside another payload (e.g. a form field holding JSON), read with the same depth
     * bound as a JSON body and at most {@value #MAX_FIELDS} top-level keys; never evaluated.
     */
    public static Map<String, Object> embeddedJsonObject(String text) throws PayloadException {
        Object value = json(text.getBytes(StandardCharsets.UTF_8));
        if (!(value instanceof Map<?, ?> map)) {
            throw new PayloadException("holds a JSON array; a JSON object of fields is expected");
        }
        if (map.size() > MAX_FIELDS) {
            throw new PayloadException("holds more than " + MAX_FIELDS + " fields");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        return fields;
    }

    /** An {@code application/x-www-form-urlencoded} body as UTF-8; a broken %-escape is a problem, not a guess. */
    static Map<String, Object> urlencoded(String body) throws PayloadException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int count = 0;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_FIELDS) {
                throw new PayloadException("the form has more than " + MAX_FIELDS + " fields");
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return collapse(values);
    }

    private static String decode(String text) throws PayloadException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PayloadException("malformed form encoding: " + e.getMessage()
                    + "; escape '%' as %25 and send UTF-8 bytes as %XX");
        }
    }

    /** A {@code multipart/form-data} body: text parts become fields; file parts are recorded by file name only. */
    static Map<String, Object> multipart(String contentType, byte[] body) throws PayloadException {
        if (!contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw new PayloadException("multipart/form-data without a boundary parameter in Content-Type");
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, contentType));
            int count = multipart.getCount();
            if (count > MAX_FIELDS) {
                throw new PayloadException("the form has more than " + MAX_FIELDS + " parts");
            }
            for (int i = 0; i < count; i++) {
                BodyPart part = multipart.getBodyPart(i);
                String[] disposition = part.getHeader("Content-Disposition");
                if (disposition == null || disposition.length == 0) {
                    throw new PayloadException("multipart part " + (i + 1) + " has no Content-Disposition header");
                }
                ContentDisposition cd = new ContentDisposition(disposition[0]);
                String name = cd.getParameter("name");
                if (name == null) {
                    throw new PayloadException("multipart part " + (i + 1) + " has no field name");
                }
                String fileName = cd.getParameter("filename");
                String value = fileName != null ? fileName
                        : new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        } catch (ParseException e) {
            throw new PayloadException("malformed multipart header: " + e.getMessage());
        } catch (MessagingException | IOException | RuntimeException e) {
            throw new PayloadException("malformed multipart body: " + e.getMessage());
        }
        return collapse(values);
    }

    private static Map<String, Object> collapse(Map<String, List<String>> values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((name, list) -> fields.put(name, list.size() == 1 ? list.get(0) : List.copyOf(list)));
        return fields;
    }
}
