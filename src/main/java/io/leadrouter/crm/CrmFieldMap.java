package io.leadrouter.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadrouter.lead.LeadField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Which canonical lead value goes to which CRM field, for one CRM: {@code <crm field>: <source>}, where the source is a
 * canonical field ({@code email}, {@code country}…), {@code attributes.<name>} (e.g. {@code attributes.utm_source}),
 * {@code sourceId}, or {@code constant:<text>}; an empty source leaves the field out (to drop a default). Checked
 * when built: an unknown source, a field name the CRM cannot have, or a field leadrouter sets itself is an error.
 * {@link #values} never yields a null or blank value: an absent value leaves the field out of the request, so the
 * CRM keeps what it holds.
 */
public final class CrmFieldMap {
    /** Salesforce API names: letters, digits and single underscores, optionally a namespace prefix and {@code __c}. */
    public static final Pattern SALESFORCE_API_NAME =
            Pattern.compile("(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*__)?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*(?:__c)?");
    /** HubSpot property internal names: lower-case letters, digits and underscores, starting with a letter. */
    public static final Pattern HUBSPOT_PROPERTY_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String CONSTANT = "constant:";
    private static final String ATTRIBUTES = "attributes.";
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final LevenshteinDistance EDITS = new LevenshteinDistance(3);

    private final Map<String, String> fields;

    private CrmFieldMap(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /**
     * Checks and builds the map of {@code property} (e.g. {@code leadrouter.crm.salesforce.fields}): every problem is
     * collected and thrown together in a {@link CrmFieldMapException}.
     *
     * @param crmWords what the CRM calls a field, for messages (e.g. "Salesforce Lead field")
     * @param names    the pattern a field name of this CRM matches
     * @param reserved fields leadrouter sets itself (owner, upsert key), which a mapping may not set (case-insensitive)
     */
    public static CrmFieldMap of(String property, Map<String, String> configured, String crmWords, Pattern names,
            Set<String> reserved) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        Set<String> reservedLower = new java.util.HashSet<>();
        reserved.forEach(r -> reservedLower.add(r.toLowerCase(Locale.ROOT)));
        new TreeMap<>(configured == null ? Map.<String, String>of() : configured).forEach((crmField, source) -> {
            String place = property + "." + crmField;
            String value = source == null ? "" : source.strip();
            if (!names.matcher(crmField).matches()) {
                problems.add(place + ": '" + crmField + "' is not a valid " + crmWords + " name (expected " + names.pattern()
                        + "); in YAML write a key with underscores in brackets, e.g. \"[UTM_Source__c]\", or Spring drops them");
                return;
            }
            if (reservedLower.contains(crmField.toLowerCase(Locale.ROOT))) {
                problems.add(place + ": " + crmField + " is set by leadrouter itself; remove this line");
                return;
            }
            if (value.isEmpty()) {
                return;
            }
            String problem = sourceProblem(value);
            if (problem != null) {
                problems.add(place + ": " + problem);
                return;
            }
            fields.put(crmField, value);
        });
        if (!problems.isEmpty()) {
            throw new CrmFieldMapException(problems);
        }
        return new CrmFieldMap(fields);
    }

    /** CRM field to source, in name order; fields mapped to nothing are not in it. */
    public Map<String, String> fields() {
        return fields;
    }

    /** True when {@code crmField} is mapped (it may still be absent from a lead's values). */
    public boolean maps(String crmField) {
        return fields.containsKey(crmField);
    }

    /**
     * The CRM field values for one outbox payload ({@code {"lead": {...}}}): only fields whose source has a non-blank
     * value in this lead; numbers and booleans as text.
     */
    public Map<String, String> values(JsonNode payload) {
        JsonNode lead = payload.path("lead");
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((crmField, source) -> {
            String value = valueOf(lead, source);
            if (value != null) {
                values.put(crmField, value);
            }
        });
        return values;
    }

    private static String valueOf(JsonNode lead, String source) {
        if (source.startsWith(CONSTANT)) {
            return source.substring(CONSTANT.length());
        }
        JsonNode node = source.startsWith(ATTRIBUTES)
                ? lead.path("attributes").path(source.substring(ATTRIBUTES.length()))
                : lead.path(source);
        if (node.isValueNode() && !node.isNull()) {
            String text = node.asText().strip();
            return text.isEmpty() ? null : text;
        }
        return null;
    }

    /** Null when {@code source} names something a lead can carry, else what is wrong and the nearest valid name. */
    private static String sourceProblem(String source) {
        if (source.startsWith(CONSTANT)) {
            return source.length() > CONSTANT.length() ? null
                    : "'constant:' needs a text after the colon (e.g. constant:Web)";
        }
        if (source.startsWith(ATTRIBUTES)) {
            return ATTRIBUTE_NAME.matcher(source.substring(ATTRIBUTES.length())).matches() ? null
                    : "'" + source + "' is not an attribute name (letters, digits, _ . -)";
        }
        if ("sourceId".equals(source) || LeadField.fromName(source).isPresent()) {
            return null;
        }
        List<String> known = Stream.concat(LeadField.names().stream(), Stream.of("sourceId")).toList();
        String nearest = known.stream().min(Comparator.comparingInt(k -> distance(k, source))).orElse(null);
        String hint = nearest != null && distance(nearest, source) <= 3 ? " (did you mean '" + nearest + "'?)" : "";
        return "unknown canonical field '" + source + "'" + hint + "; use one of " + known
                + ", attributes.<name> or constant:<text>";
    }

    private static int distance(String a, String b) {
        int d = EDITS.apply(a.toLowerCase(Locale.ROOT), b.toLowerCase(Locale.ROOT));
        return d < 0 ? Integer.MAX_VALUE : d;
    }
}
