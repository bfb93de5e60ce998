package io.leadrouter.mapping.mail;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Lenient, linear decoding of a MIME leaf: transfer encoding, then charset. Broken input degrades to
 * best-effort text instead of failing, because a lead in a badly encoded mail is still a lead.
 */
final class MimeText {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private MimeText() {
    }

    /** Undoes base64 or quoted-printable; any other (or unknown) transfer encoding leaves the bytes as they are. */
    static byte[] decodeTransfer(byte[] raw, String transferEncoding) {
        if (transferEncoding == null) {
            return raw;
        }
        String encoding = transferEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "base64" -> base64(raw);
            case "quoted-printable" -> quotedPrintable(raw);
            default -> raw;
        };
    }

    /** Bytes to text in the declared charset; undeclared, US-ASCII or unknown charsets: UTF-8 if valid, else windows-1252. */
    static String decodeCharset(byte[] bytes, String declared) {
        Charset charset = charset(declared);
        if (charset != null) {
            return new String(bytes, charset);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static Charset charset(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        String name = declared.trim();
        if (name.equalsIgnoreCase("us-ascii") || name.equalsIgnoreCase("ascii")) {
            return null;
        }
        try {
            Charset charset = Charset.forName(MimeUtility.javaCharset(name));
            // Mail clients label windows-1252 text as ISO-8859-1; the superset decodes both the same for printable text.
            return charset.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : charset;
        } catch (IllegalArgumentException unknownOrIllegalName) {
            return null;
        }
    }

    /** RFC 2045 base64, skipping characters outside the alphabet and decoding a trailing partial group. */
    static byte[] base64(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3 / 4 + 3);
        int buffer = 0;
        int bits = 0;
        for (byte b : raw) {
            if (b == '=') {
                break;
            }
            int value = base64Value(b);
            if (value < 0) {
                continue;
            }
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out.write((buffer >> bits) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    private static int base64Value(byte b) {
        if (b >= 'A' && b <= 'Z') {
            return b - 'A';
        }
        if (b >= 'a' && b <= 'z') {
            return b - 'a' + 26;
        }
        if (b >= '0' && b <= '9') {
            return b - '0' + 52;
        }
        if (b == '+') {
            return 62;
        }
        if (b == '/') {
            return 63;
        }
        return -1;
    }

    /** RFC 2045 quoted-printable; a malformed escape is kept literally. */
    static byte[] quotedPrintable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        while (i < raw.length) {
            byte b = raw[i];
            if (b != '=') {
                out.write(b);
                i++;
                continue;
            }
            int softBreak = softLineBreakEnd(raw, i + 1);
            if (softBreak >= 0) {
                i = softBreak;
                continue;
            }
            if (i + 2 < raw.length) {
                int high = Character.digit(raw[i + 1], 16);
                int low = Character.digit(raw[i + 2], 16);
                if (high >= 0 && low >= 0) {
                    out.write((high << 4) | low);
                    i += 3;
                    continue;
                }
            }
            out.write(b);
            i++;
        }
        return out.toByteArray();
    }

    /** After '=': optional spaces or tabs, then CRLF, LF or end of input; returns the index after it or -1. */
    private static int softLineBreakEnd(byte[] raw, int from) {
        int i = from;
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
            i++;
        }
        if (i == raw.length) {
            return i;
        }
        if (raw[i] == '\n') {
            return i + 1;
        }
        if (raw[i] == '\r') {
            return i + 1 < raw.length && raw[i + 1] == '\n' ? i + 2 : i + 1;
        }
        return -1;
    }
}
