package io.leadrouter.intake;

import io.leadrouter.mapping.PayloadException;
import io.leadrouter.mapping.XmlPayload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Salesforce Outbound Messages: the envelope's {@code notifications/OrganizationId} must be one of the allowed
 * organizations (setting {@code organization-ids}, comma-separated 15- or 18-character ids, compared on their
 * case-sensitive 15-character form). An org id is not a secret — pair this with TLS and, where possible, an
 * IP allow-list or Salesforce's client certificate at the ingress.
 */
final class SalesforceOrganization implements Authenticity {

    static final String SCHEME = "salesforce-org";
    static final String SETTING = "organization-ids";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{15}|[A-Za-z0-9]{18}");

    private final List<byte[]> allowed;

    SalesforceOrganization(Function<String, String> setting) {
        String ids = Secrets.required(setting, SETTING, SCHEME);
        List<byte[]> parsed = new ArrayList<>();
        for (String id : ids.split(",")) {
            String trimmed = id.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!ID.matcher(trimmed).matches()) {
                throw new IllegalArgumentException(SETTING + ": \"" + trimmed + "\" is not a 15- or 18-character Salesforce"
                        + " organization id (Setup → Company Information → Salesforce.com Organization ID)");
            }
            parsed.add(trimmed.substring(0, 15).getBytes(StandardCharsets.US_ASCII));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException(SETTING + ": required by authenticity scheme " + SCHEME + "; list at least one organization id");
        }
        this.allowed = List.copyOf(parsed);
    }

    @Override
    public Optional<String> problem(SourceRequest request) {
        Map<String, Object> envelope;
        try {
            envelope = XmlPayload.parse(request.body());
        } catch (PayloadException e) {
            return Optional.of("body is not a Salesforce Outbound Message: " + e.getMessage());
        }
        Object organization = path(envelope, "Envelope", "Body", "notifications", "OrganizationId");
        if (!(organization instanceof String id) || id.isBlank()) {
            return Optional.of("missing OrganizationId in the Outbound Message");
        }
        id = id.strip();
        if (!ID.matcher(id).matches()) {
            return Optional.of("OrganizationId is not a Salesforce organization id");
        }
        byte[] sent = id.substring(0, 15).getBytes(StandardCharsets.US_ASCII);
        boolean known = false;
        for (byte[] candidate : allowed) {
            known |= MessageDigest.isEqual(candidate, sent);
        }
        return known ? Optional.empty() : Optional.of("OrganizationId is not an allowed organization");
    }

    private static Object path(Map<String, Object> root, String... names) {
        Object current = root;
        for (String name : names) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }
}
