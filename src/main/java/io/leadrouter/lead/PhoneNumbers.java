package io.leadrouter.lead;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Phone number validation and E.164 formatting with libphonenumber. */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Map<String, String> EXAMPLES = new ConcurrentHashMap<>();
    private static final String UNKNOWN_REGION = "ZZ";
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
        try {
            PhoneNumber number = UTIL.parse(raw, region(defaultRegion));
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
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
