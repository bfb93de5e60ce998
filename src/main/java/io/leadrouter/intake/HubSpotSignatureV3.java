package io.leadrouter.intake;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * HubSpot's v3 request signature (webhooks, workflow actions, CRM cards): {@code X-HubSpot-Signature-v3} is the
 * base64 HMAC-SHA256, keyed with the app's client secret, of the UTF-8 string {@code method + uri + body +
 * timestamp}, and {@code X-HubSpot-Request-Timestamp} is that timestamp in epoch milliseconds.
 *
 * <p>As HubSpot's "Validating requests" page says: a timestamp older than 5 minutes is rejected (and, here, one more
 * than 5 minutes in the future, which a replay cannot have); the URI is the full URL HubSpot called, and in it
 * these percent-encodings are decoded before signing — {@code %3A :}, {@code %2F /}, {@code %3F ?}, {@code %40 @},
 * {@code %21 !}, {@code %24 $}, {@code %27 '}, {@code %28 (}, {@code %29 )}, {@code %2A *}, {@code %2C ,},
 * {@code %3B ;} — and nothing else (the {@code ?} that starts the query string is already literal). Behind a proxy
 * the URL HubSpot called is not the one this server sees, so the optional setting {@code public-url} names it; the
 * request's query string is appended to it.
 */
final class HubSpotSignatureV3 implements Authenticity {

    static final String SCHEME = "hubspot-v3";
    static final String SIGNATURE = "X-HubSpot-Signature-v3";
    static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final Map<String, Character> DECODED = Map.ofEntries(
            Map.entry("3A", ':'), Map.entry("2F", '/'), Map.entry("3F", '?'), Map.entry("40", '@'),
            Map.entry("21", '!'), Map.entry("24", '$'), Map.entry("27", '\''), Map.entry("28", '('),
            Map.entry("29", ')'), Map.entry("2A", '*'), Map.entry("2C", ','), Map.entry("3B", ';'));

    private final SecretKeySpec key;
    private final String publicUrl;
    private final Clock clock;

    HubSpotSignatureV3(Function<String, String> setting, Clock clock) {
        this.key = Secrets.hmacKey(Secrets.required(setting, "secret", SCHEME));
        this.publicUrl = Secrets.optional(setting, "public-url");
        this.clock = clock;
        if (publicUrl != null) {
            checkPublicUrl(publicUrl);
        }
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        String signatureHeader = request.header(SIGNATURE);
        if (signatureHeader == null) {
            return Optional.of(Secrets.missingHeader(SIGNATURE));
        }
        String timestamp = request.header(TIMESTAMP);
        if (timestamp == null) {
            return Optional.of(Secrets.missingHeader(TIMESTAMP));
        }
        timestamp = timestamp.strip();
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of("header " + TIMESTAMP + " is not a number of epoch milliseconds");
        }
        Optional<String> stale = staleness(sent);
        if (stale.isPresent()) {
            return stale;
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureHeader.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("header " + SIGNATURE + " is not base64");
        }
        byte[] expected = Secrets.hmacSha256(key,
                (request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8),
                signedUri(request.uri()).getBytes(StandardCharsets.UTF_8),
                request.body(),
                timestamp.getBytes(StandardCharsets.UTF_8));
        return Secrets.sameBytes(expected, signature) ? Optional.empty() : Optional.of("signature does not match");
    }

    private Optional<String> staleness(long sentMillis) {
        long ageMillis = clock.millis() - sentMillis;
        long limit = TOLERANCE.toMillis();
        if (ageMillis > limit) {
            return Optional.of("timestamp is " + describe(ageMillis) + " old; the limit is " + TOLERANCE.toMinutes());
        }
        if (-ageMillis > limit) {
            return Optional.of("timestamp is " + describe(-ageMillis) + " in the future; the limit is " + TOLERANCE.toMinutes());
        }
        return Optional.empty();
    }

    private static String describe(long millis) {
        Duration age = Duration.ofMillis(millis);
        long minutes = age.toMinutes();
        long seconds = age.toSecondsPart();
        if (minutes > 60 * 24) {
            return age.toDays() + " days";
        }
        String text = minutes + (minutes == 1 ? " minute" : " minutes");
        return seconds == 0 ? text : text + " " + seconds + (seconds == 1 ? " second" : " seconds");
    }

    /** The URI as HubSpot signed it: {@code public-url} plus the request's query when set, then the table decoded. */
    String signedUri(String requestUri) {
        String uri = requestUri == null ? "" : requestUri;
        if (publicUrl != null) {
            int query = uri.indexOf('?');
            uri = query < 0 ? publicUrl : publicUrl + uri.substring(query);
        }
        return decodeReserved(uri);
    }

    static String decodeReserved(String uri) {
        StringBuilder decoded = new StringBuilder(uri.length());
        int i = 0;
        while (i < uri.length()) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < uri.length()) {
                Character plain = DECODED.get(uri.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
                if (plain != null) {
                    decoded.append(plain.charValue());
                    i += 3;
                    continue;
                }
            }
            decoded.append(c);
            i++;
        }
        return decoded.toString();
    }

    private static void checkPublicUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("public-url: not a URL (" + e.getReason() + "); give the https URL HubSpot calls");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new IllegalArgumentException("public-url: give the absolute URL HubSpot calls, e.g. https://leads.example.com/hooks/hubspot");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("public-url: leave out the query and fragment; the request's own query string is appended");
        }
    }
}
