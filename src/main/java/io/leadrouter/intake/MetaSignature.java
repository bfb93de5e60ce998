package io.leadrouter.intake;

import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta (Facebook/Instagram Lead Ads) webhooks: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw
 * body)>}.
 */
final class MetaSignature implements Authenticity {

    static final String SCHEME = "meta";
    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;

    MetaSignature(Function<String, String> setting) {
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
            signature = HexFormat.of().parseHex(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.of("header " + HEADER + " is not hexadecimal after " + PREFIX);
        }
        return Secrets.sameBytes(Secrets.hmacSha256(key, request.body()), signature)
                ? Optional.empty() : Optional.of("signature does not match");
    }
}
