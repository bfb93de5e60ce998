package io.leadrouter.crm.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Values put into SOQL are string literals, never SOQL: quotes and backslashes escaped, LIKE wildcards too. */
class SalesforceOwnerLookupTest {

    @Test
    void valuesAreEscapedAsSoqlLiterals() {
        assertThat(SalesforceOwnerLookup.literal("o'brien\\x@example.com")).isEqualTo("o\\'brien\\\\x@example.com");
        assertThat(SalesforceOwnerLookup.like("my_shop%.example.com")).isEqualTo("my\\_shop\\%.example.com");
    }
}
