package io.leadrouter.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Settings lookup, HMAC-SHA256 and constant-time comparison shared by the {@link Authenticity} schemes. */
final class Secrets {

    private Secrets() {
    }

    /** A setting's stripped value; {@link IllegalArgumentException} naming the setting when it is missing or blank. */
    static String required(Function<String, String> setting, String name, String scheme) {
        String value = optional(setting, name);
        if (value == null) {
            throw new IllegalArgumentException(name + ": required by authenticity scheme " + scheme
                    + "; set it (as a secret reference, never inline)");
        }
        return value;
    }

    /** A setting's stripped value, or null when it is missing or blank. */
    static String optional(Function<String, String> setting, String name) {
        String value = setting.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static SecretKeySpec hmacKey(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** HMAC-SHA256 over the parts, in order, as one message. */
    static byte[] hmacSha256(SecretKeySpec key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Constant-time for equal lengths; signatures of one algorithm always have equal lengths. */
    static boolean sameBytes(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    /** Constant-time and length-hiding: compares SHA-256 digests of the two values. */
    static boolean sameSecret(String expected, String actual) {
        return MessageDigest.isEqual(sha256(expected), sha256(actual));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String missingHeader(String name) {
        return "missing header " + name;
    }
}
