package io.leadrouter.intake;

import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * Typeform webhooks: {@code Typeform-Signature: sha256=<base64 HMAC-SHA256(secret, raw body)>}, the secret being the
 * one set on the form's webhook.
 */
final class TypeformSignature implements Authenticity {

    static final String SCHEME = "typeform";
    static final String HEADER = "Typeform-Signature";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;

    TypeformSignature(Function<String, String> setting) {
        this.key = Secrets.hmacKey(Secrets.required(setting, "secret", SCHEME));
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        String header = request.header(HEADER);
        if (header == null) {
            return Optional.of(Secrets.missingHeader(HEADER));
        }
        header = header.strip();
        if (!header.startsWith(PREFIX)) {
            return Optional.of("header " + HEADER + " does not start with " + PREFIX);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.of("header " + HEADER + " is not base64 after " + PREFIX);
        }
        return Secrets.sameBytes(Secrets.hmacSha256(key, request.body()), signature)
                ? Optional.empty() : Optional.of("signature does not match");
    }
}
