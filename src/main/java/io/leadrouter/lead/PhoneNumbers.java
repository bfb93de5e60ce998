package io.leadrouter.lead;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.RegionMetadataSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Phone number validation and E.164 formatting with libphonenumber.
 *
 * <p>A number that arrives already in E.164 form ({@code +} and digits only, as ad platforms, CRMs and phone-input
 * widgets send them) skips the library's general parser, which runs several regular expressions over the text to find
 * formatting, extensions and the country code (5 µs of the 8 µs a lead spent on its phone, async-profiler at 64
 * connections): the country code is read as the parser reads it (the first 1–3 digits that are a calling code), and the
 * library still decides validity ({@code isValidNumber}) and formats the result. Whenever the parser could read such a
 * number differently — a national number starting with 0 (Italian leading zeros), one its region's national prefix
 * could be stripped from, a non-geographic calling code — the general parser reads it. PhoneNumbersTest checks both
 * paths agree on every region's example numbers of every type, with and without a national prefix in front.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** The metadata the default instance reads (its own accessor is not public). */
    private static final RegionMetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final Map<String, String> EXAMPLES = new ConcurrentHashMap<>();
    private static final Map<String, Pattern> NATIONAL_PREFIXES = new ConcurrentHashMap<>();
    private static final String UNKNOWN_REGION = "ZZ";
    private static final String NON_GEOGRAPHIC_REGION = "001";
    private static final String FALLBACK_EXAMPLE = "+14155550123";

    private PhoneNumbers() {
    }

    /**
     * The E.164 form of a valid number, or empty. Numbers without a leading + are read as national
     * numbers of {@code defaultRegion} (ISO-3166 alpha-2); when it is null only +-prefixed numbers parse.
     */
    public static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        PhoneNumber number = plainInternational(raw);
        return number != null ? valid(number) : parsed(raw, defaultRegion);
    }

    /** {@link #toE164} through the library's general parser only. */
    static Optional<String> parsed(String raw, String defaultRegion) {
        try {
            return valid(UTIL.parse(raw, region(defaultRegion)));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> valid(PhoneNumber number) {
        return UTIL.isValidNumber(number) ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164)) : Optional.empty();
    }

    /**
     * The number of {@code +<calling code><national number>} (digits only, 8–16 characters), read as the general
     * parser reads it; null when it is not in that form or the parser could read it differently.
     */
    static PhoneNumber plainInternational(String raw) {
        int length = raw.length();
        if (length < 8 || length > 16 || raw.charAt(0) != '+' || raw.charAt(1) == '0') {
            return null;
        }
        for (int i = 1; i < length; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        for (int end = 2; end <= 4; end++) {
            int callingCode = Integer.parseInt(raw, 1, end, 10);
            String region = UTIL.getRegionCodeForCountryCode(callingCode);
            if (UNKNOWN_REGION.equals(region)) {
                continue;
            }
            if (NON_GEOGRAPHIC_REGION.equals(region) || raw.charAt(end) == '0') {
                return null;
            }
            String national = raw.substring(end);
            PhoneMetadata metadata = METADATA.getMetadataForRegion(region);
            String prefix = metadata == null ? "" : metadata.getNationalPrefixForParsing();
            if (metadata == null || !prefix.isEmpty()
                    && NATIONAL_PREFIXES.computeIfAbsent(prefix, Pattern::compile).matcher(national).lookingAt()) {
                return null;
            }
            return new PhoneNumber().setCountryCode(callingCode).setNationalNumber(Long.parseLong(national));
        }
        return null;
    }

    /** An E.164 example number for the region, to show people the expected international form. */
    public static String exampleFor(String region) {
        if (region == null) {
            return FALLBACK_EXAMPLE;
        }
        return EXAMPLES.computeIfAbsent(region, r -> {
            PhoneNumber example = UTIL.getExampleNumber(region(r));
            return example == null ? FALLBACK_EXAMPLE : UTIL.format(example, PhoneNumberFormat.E164);
        });
    }

    /** True for a region (ISO-3166 alpha-2, upper case) whose national numbers can be parsed. */
    public static boolean isSupportedRegion(String region) {
        return region != null && UTIL.getSupportedRegions().contains(region);
    }

    private static String region(String defaultRegion) {
        return defaultRegion == null || defaultRegion.isBlank()
                ? UNKNOWN_REGION
                : defaultRegion.strip().toUpperCase(Locale.ROOT);
    }
}
