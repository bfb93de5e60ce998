package io.leadrouter.intake;

import java.util.Optional;
import java.util.function.Function;

/** A shared secret sent as {@code Authorization: Bearer <secret>} (Gravity Forms webhooks add-on, custom senders). */
final class BearerToken implements Authenticity {

    static final String SCHEME = "bearer";
    static final String HEADER = "Authorization";
    private static final String PREFIX = "bearer ";

    private final String secret;

    BearerToken(Function<String, String> setting) {
        this.secret = Secrets.required(setting, "secret", SCHEME);
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        String header = request.header(HEADER);
        if (header == null) {
            return Optional.of(Secrets.missingHeader(HEADER));
        }
        header = header.strip();
        if (header.length() <= PREFIX.length() || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.of("header " + HEADER + " is not a Bearer token");
        }
        return Secrets.sameSecret(secret, header.substring(PREFIX.length()).strip())
                ? Optional.empty() : Optional.of("bearer token does not match");
    }
}
