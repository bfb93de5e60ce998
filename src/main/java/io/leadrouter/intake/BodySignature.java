package io.leadrouter.intake;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * A header {@code sha256=<HMAC-SHA256(secret, raw body)>}, as Typeform ({@code Typeform-Signature}, base64) and Meta
 * Lead Ads ({@code X-Hub-Signature-256}, hex, the app secret) sign their webhooks.
 */
final class BodySignature implements Authenticity {

    private static final String PREFIX = "sha256=";

    /** How the digest is written after the prefix. */
    enum Encoding {
        BASE64, HEX
    }

    private final String header;
    private final Encoding encoding;
    private final SecretKeySpec key;

    BodySignature(String scheme, String header, Encoding encoding, Function<String, String> setting) {
        this.header = header;
        this.encoding = encoding;
        this.key = Secrets.hmacKey(Secrets.required(setting, "secret", scheme));
    }

    static BodySignature typeform(Function<String, String> setting) {
        return new BodySignature("typeform", "Typeform-Signature", Encoding.BASE64, setting);
    }

    static BodySignature meta(Function<String, String> setting) {
        return new BodySignature("meta", "X-Hub-Signature-256", Encoding.HEX, setting);
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        String value = request.header(header);
        if (value == null) {
            return Optional.of(Secrets.missingHeader(header));
        }
        value = value.strip();
        if (!value.startsWith(PREFIX)) {
            return Optional.of("header " + header + " does not start with " + PREFIX);
        }
        byte[] signature;
        try {
            String digest = value.substring(PREFIX.length());
            signature = encoding == Encoding.HEX ? HexFormat.of().parseHex(digest) : Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            return Optional.of("header " + header + " is not " + (encoding == Encoding.HEX ? "hexadecimal" : "base64") + " after " + PREFIX);
        }
        return Secrets.sameBytes(Secrets.hmacSha256(key, request.body()), signature)
                ? Optional.empty() : Optional.of("signature does not match");
    }
}
