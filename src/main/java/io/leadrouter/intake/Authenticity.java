package io.leadrouter.intake;

import java.util.Optional;

/**
 * Decides whether a request really comes from the source it claims (HMAC signature, shared secret, org-id
 * allow-list). Implementations compare secrets in constant time and never log them.
 */
@FunctionalInterface
public interface Authenticity {

    /** Empty when the request is authentic, else why not, in words safe to answer to the sender. */
    Optional<String> problem(SourceRequest request);

    /** For sources that authenticate nothing (public web forms). */
    Authenticity NONE = request -> Optional.empty();
}
