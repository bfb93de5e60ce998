package io.leadrouter.intake;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The authenticity schemes webhook sources use, by name, built from a source's settings.
 *
 * <table>
 * <caption>Schemes and their settings</caption>
 * <tr><th>scheme</th><th>required settings</th><th>checks</th></tr>
 * <tr><td>none</td><td></td><td>nothing (public web forms)</td></tr>
 * <tr><td>typeform</td><td>secret</td><td>{@code Typeform-Signature: sha256=<base64 HMAC-SHA256 of the body>}</td></tr>
 * <tr><td>meta</td><td>secret</td><td>{@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}</td></tr>
 * <tr><td>hubspot-v3</td><td>secret (optional public-url)</td><td>{@code X-HubSpot-Signature-v3} and a request
 * timestamp within 5 minutes</td></tr>
 * <tr><td>bearer</td><td>secret</td><td>{@code Authorization: Bearer <secret>}</td></tr>
 * <tr><td>google-key</td><td>secret</td><td>the JSON body's top-level {@code google_key}</td></tr>
 * <tr><td>salesforce-org</td><td>organization-ids</td><td>the Outbound Message's {@code OrganizationId}</td></tr>
 * </table>
 *
 * <p>A setting name is relative to its source; the caller prefixes {@code leadrouter.sources.<id>.} to the
 * {@link IllegalArgumentException} message, which starts with the setting's name.
 */
public final class Authenticities {

    private static final Map<String, Scheme> SCHEMES = schemeTable();

    private Authenticities() {
    }

    /**
     * The check for {@code scheme}, reading its settings (setting name → value, null when unset) now.
     *
     * @throws IllegalArgumentException for an unknown scheme, or a required setting that is missing or invalid
     *                                  (the message starts with the setting's name)
     */
    public static Authenticity of(String scheme, Function<String, String> setting, Clock clock) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(clock, "clock");
        return scheme(scheme).factory().apply(setting, clock);
    }

    /** Every scheme name, in a stable order. */
    public static Set<String> schemes() {
        return Collections.unmodifiableSet(SCHEMES.keySet());
    }

    /** The settings {@code scheme} cannot work without. */
    public static List<String> requiredSettings(String scheme) {
        return scheme(scheme).required();
    }

    private static Scheme scheme(String name) {
        Scheme scheme = name == null ? null : SCHEMES.get(name.strip());
        if (scheme == null) {
            throw new IllegalArgumentException("unknown authenticity scheme \"" + name + "\"; use one of " + String.join(", ", SCHEMES.keySet()));
        }
        return scheme;
    }

    private record Scheme(List<String> required, BiFunction<Function<String, String>, Clock, Authenticity> factory) {
    }

    private static Map<String, Scheme> schemeTable() {
        Map<String, Scheme> schemes = new LinkedHashMap<>();
        schemes.put("none", new Scheme(List.of(), (setting, clock) -> Authenticity.NONE));
        schemes.put("typeform", new Scheme(List.of("secret"), (setting, clock) -> BodySignature.typeform(setting)));
        schemes.put("meta", new Scheme(List.of("secret"), (setting, clock) -> BodySignature.meta(setting)));
        schemes.put(HubSpotSignatureV3.SCHEME, new Scheme(List.of("secret"), HubSpotSignatureV3::new));
        schemes.put(BearerToken.SCHEME, new Scheme(List.of("secret"), (setting, clock) -> new BearerToken(setting)));
        schemes.put(GoogleLeadFormKey.SCHEME, new Scheme(List.of("secret"), (setting, clock) -> new GoogleLeadFormKey(setting)));
        schemes.put(SalesforceOrganization.SCHEME, new Scheme(List.of(SalesforceOrganization.SETTING),
                (setting, clock) -> new SalesforceOrganization(setting)));
        return Collections.unmodifiableMap(schemes);
    }
}
