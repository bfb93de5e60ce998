package io.leadrouter.lead;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
            "'(415) 555-0132', US, +14155550132",
            "415.555.0132, us, +14155550132",
            "+44 20 7946 0958, US, +442079460958",
            "030 901820, DE, +4930901820",
            "+49 30 901820, , +4930901820"})
    void formatsValidNumbersAsE164(String raw, String region, String e164) {
        assertThat(PhoneNumbers.toE164(raw, region)).contains(e164);
    }

    @ParameterizedTest
    @CsvSource({"12, US", "'(415) 555-0132', ", "not a phone, US", "+1 000 000 0000, US", "'', US"})
    void rejectsInvalidNumbers(String raw, String region) {
        assertThat(PhoneNumbers.toE164(raw, region)).isEmpty();
    }

    @Test
    void exampleNumberIsInternationalForm() {
        assertThat(PhoneNumbers.exampleFor("DE")).startsWith("+49");
        assertThat(PhoneNumbers.exampleFor(null)).isEqualTo("+14155550123");
    }

    @Test
    void numbersAlreadyInE164SkipTheGeneralParserOnlyWhereItCouldNotReadThemDifferently() {
        assertThat(PhoneNumbers.plainInternational("+12125550111")).isNotNull();
        assertThat(PhoneNumbers.plainInternational("+442079460958")).isNotNull();
        assertThat(PhoneNumbers.plainInternational("+1 212 555 0111")).isNull();      // formatted: the parser's job
        assertThat(PhoneNumbers.plainInternational("+390612345678")).isNull();        // Italian leading zero
        assertThat(PhoneNumbers.plainInternational("+4402079460958")).isNull();       // national prefix 0 in front
        assertThat(PhoneNumbers.plainInternational("+80012345678")).isNull();         // non-geographic (freephone)
        assertThat(PhoneNumbers.plainInternational("+2891234567")).isNull();          // no calling code +2, +28 or +289
    }

    @Test
    void bothPathsAgreeOnEveryRegionsExampleNumbersAndTheirNeighbours() {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        List<String> inputs = new ArrayList<>();
        for (String region : util.getSupportedRegions()) {
            String prefix = util.getNddPrefixForRegion(region, true);
            String nationalPrefix = prefix == null ? "" : prefix;
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = util.getExampleNumberForType(region, type);
                if (example == null) {
                    continue;
                }
                String e164 = util.format(example, PhoneNumberFormat.E164);
                String cc = "+" + example.getCountryCode();
                String national = e164.substring(cc.length());
                inputs.add(e164);
                inputs.add(e164.substring(0, e164.length() - 1) + (char) ('0' + (e164.charAt(e164.length() - 1) - '0' + 1) % 10));
                inputs.add(e164 + "7");
                inputs.add(e164.substring(0, e164.length() - 1));
                inputs.add(cc + nationalPrefix + national);
                inputs.add(cc + "0" + national);
                inputs.add(cc + "1" + national);
                inputs.add(cc + "8" + national);
            }
        }
        for (int code : util.getSupportedGlobalNetworkCallingCodes()) {
            PhoneNumber example = util.getExampleNumberForNonGeoEntity(code);
            if (example != null) {
                inputs.add(util.format(example, PhoneNumberFormat.E164));
            }
        }
        Random random = new Random(20261130);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder number = new StringBuilder("+").append(1 + random.nextInt(9));
            int digits = 6 + random.nextInt(9);
            for (int d = 0; d < digits; d++) {
                number.append(random.nextInt(10));
            }
            inputs.add(number.toString());
        }
        int fast = 0;
        for (String input : inputs) {
            if (PhoneNumbers.plainInternational(input) != null) {
                fast++;
            }
            for (String region : new String[] {null, "US", "DE"}) {
                assertThat(PhoneNumbers.toE164(input, region)).as("%s with default region %s", input, region)
                        .isEqualTo(PhoneNumbers.parsed(input, region));
            }
        }
        assertThat(fast).as("inputs read without the general parser").isGreaterThan(inputs.size() / 2);
    }
}
