package io.leadrouter.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class CrmFieldMapTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CrmFieldMap salesforce(Map<String, String> fields) {
        return CrmFieldMap.of("leadrouter.crm.salesforce.fields", fields, "Salesforce Lead field",
                CrmFieldMap.SALESFORCE_API_NAME, Set.of("OwnerId", "LeadRouter_Id__c"));
    }

    @Test
    void valuesComeFromFieldsAttributesSourceAndConstantsAndAbsentOnesAreLeftOut() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("CountryCode", "country");
        fields.put("UTM_Source__c", "attributes.utm_source");
        fields.put("UTM_Campaign__c", "attributes.utm_campaign");
        fields.put("LeadSource", "constant:Web");
        fields.put("Origin__c", "sourceId");
        fields.put("Phone", "phone");
        fields.put("Country", "");
        CrmFieldMap map = salesforce(fields);

        Map<String, String> values = map.values(JSON.readTree("{\"lead\":{\"sourceId\":\"form-website\",\"country\":\"GB\","
                + "\"phone\":\"  \",\"attributes\":{\"utm_source\":\"google\"}}}"));

        assertThat(values).containsExactlyInAnyOrderEntriesOf(Map.of("CountryCode", "GB", "UTM_Source__c", "google",
                "LeadSource", "Web", "Origin__c", "form-website"));
        assertThat(map.maps("Country")).as("an empty source drops the field").isFalse();
    }

    @Test
    void everyProblemIsReportedWithItsPropertyAndAHint() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("CountryCode", "contry");
        fields.put("Bad Field", "email");
        fields.put("OwnerId", "email");
        fields.put("Note__c", "constant:");
        assertThatThrownBy(() -> salesforce(fields)).isInstanceOfSatisfying(CrmFieldMapException.class, e -> {
            assertThat(e.problems()).hasSize(4);
            assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("leadrouter.crm.salesforce.fields.CountryCode: unknown canonical field 'contry'")
                    .contains("did you mean 'country'"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("leadrouter.crm.salesforce.fields.Bad Field: 'Bad Field' is not a valid Salesforce Lead field name"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("OwnerId is set by leadrouter itself"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("constant:' needs a text"));
        });
    }

    @Test
    void salesforceAndHubSpotNamesAreChecked() {
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("UTM_Source__c").matches()).isTrue();
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("ns__Score__c").matches()).isTrue();
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("CountryCode").matches()).isTrue();
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("Trailing_").matches()).isFalse();
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("1Field").matches()).isFalse();
        assertThat(CrmFieldMap.SALESFORCE_API_NAME.matcher("Two__Under__Scores__c").matches()).isFalse();
        assertThat(CrmFieldMap.HUBSPOT_PROPERTY_NAME.matcher("utm_source").matches()).isTrue();
        assertThat(CrmFieldMap.HUBSPOT_PROPERTY_NAME.matcher("UTM_Source").matches()).isFalse();
    }

    /** How Spring binds the map keys: brackets keep underscores (what application.yaml's comment tells operators). */
    @Test
    void bracketedKeysKeepTheirUnderscoresWhenSpringBindsThem() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "leadrouter.crm.salesforce.fields.[UTM_Source__c]", "attributes.utm_source",
                "leadrouter.crm.salesforce.fields.CountryCode", "country")));
        Map<String, String> bound = Binder.get(environment).bind("leadrouter.crm.salesforce.fields",
                Bindable.mapOf(String.class, String.class)).get();
        assertThat(bound).containsEntry("UTM_Source__c", "attributes.utm_source").containsEntry("CountryCode", "country");
    }
}
