package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingCatalogTest {

    @TempDir
    Path root;

    private Path dir() {
        return root.resolve("mappings");
    }

    private List<String> problems(String fileName, String content) {
        Path file = MappingFiles.write(dir(), fileName, content);
        try {
            MappingCatalog.loadFile(file);
        } catch (MappingException e) {
            assertThat(e.getMessage()).contains(e.problems().get(0));
            return e.problems();
        }
        throw new AssertionError("expected " + fileName + " to be rejected");
    }

    @Test
    void aFailingExampleStopsTheCatalogFromLoading() {
        MappingFiles.valid(dir(), "form-a");
        MappingFiles.write(dir(), "form-b.mapping.yaml", """
                source: form-b
                title: Form B
                description: A form whose example expects the wrong email.
                crm: salesforce
                fields:
                  email: { from: [email] }
                examples:
                  - name: wrong expectation
                    input: { email: ada@example.com }
                    expect: { email: grace@example.com }
                """);
        assertThatThrownBy(() -> MappingCatalog.load(dir()))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).problems()).singleElement().asString()
                        .startsWith("mappings/form-b.mapping.yaml: example 'wrong expectation': email expected 'grace@example.com'")
                        .endsWith("— fix: correct the mapping or the example"));
    }

    @Test
    void loadsEveryMappingInTheFolder() {
        MappingFiles.valid(dir(), "form-b");
        MappingFiles.valid(dir(), "form-a");
        MappingFiles.write(dir(), "README.md", "not a mapping");

        MappingCatalog catalog = MappingCatalog.load(dir());

        assertThat(catalog.sourceIds()).containsExactly("form-a", "form-b");
        assertThat(catalog.all()).extracting(SourceMapping::sourceId).containsExactly("form-a", "form-b");
        assertThat(catalog.find("form-a")).get().extracting(SourceMapping::crms).isEqualTo(java.util.List.of("hubspot"));
        assertThat(catalog.find("form-c")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void listsProblemsOfEveryFileTogether() {
        MappingFiles.valid(dir(), "good");
        MappingFiles.write(dir(), "foo.mapping.yaml", MappingFiles.VALID.formatted("bar"));
        MappingFiles.write(dir(), "stray.yaml", MappingFiles.VALID.formatted("stray"));

        assertThatThrownBy(() -> MappingCatalog.load(dir()))
                .isInstanceOf(MappingException.class)
                .hasMessage("2 problems in mapping files:\n"
                        + "  mappings/foo.mapping.yaml: source 'bar' does not match the file name — fix: rename the "
                        + "file to bar.mapping.yaml or set source: foo\n"
                        + "  mappings/stray.yaml: is not named <id>.mapping.yaml — fix: rename it to <source id>"
                        + ".mapping.yaml or move it out of mappings/");
    }

    @Test
    void aMissingFolderIsAProblem() {
        assertThatThrownBy(() -> MappingCatalog.load(root.resolve("nowhere")))
                .hasMessageStartingWith("nowhere: is not a directory — fix:");
    }

    @Test
    void reportsInvalidYamlWithItsPosition() {
        assertThat(problems("broken.mapping.yaml", "source: broken\nfields: { email: [\n"))
                .singleElement().asString()
                .startsWith("mappings/broken.mapping.yaml: is not valid YAML at line")
                .endsWith("— fix: correct the YAML syntax");
    }

    @Test
    void reportsDuplicateKeys() {
        assertThat(problems("dup.mapping.yaml", MappingFiles.VALID.formatted("dup") + "title: Again\n"))
                .singleElement().asString().contains("is not valid YAML").contains("title");
    }

    @Test
    void reportsEveryHeaderProblem() {
        assertThat(problems("Bad_Name.mapping.yaml", """
                source: Bad_Name
                crm: pipedrive
                defaultRegion: usa
                colour: blue
                fields: { email: { from: email } }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).containsExactly(
                "mappings/Bad_Name.mapping.yaml: file name 'Bad_Name' is not a valid source id — fix: rename it "
                        + "using lower-case letters, digits and dashes, e.g. form-acme-contact.mapping.yaml",
                "mappings/Bad_Name.mapping.yaml: unknown top-level key 'colour' — fix: use only source, title, "
                        + "description, crm, defaultRegion, events, eventKey, test, embeddedJson, fieldList, fields, attributes, "
                        + "examples",
                "mappings/Bad_Name.mapping.yaml: has no title: — fix: add title: <a short human title, e.g. "
                        + "'Website contact form'>",
                "mappings/Bad_Name.mapping.yaml: has no description: — fix: add description: <one or two "
                        + "sentences saying what sends these leads>",
                "mappings/Bad_Name.mapping.yaml: crm 'pipedrive' is not supported — fix: set crm to one of "
                        + "salesforce, hubspot",
                "mappings/Bad_Name.mapping.yaml: defaultRegion 'usa' is not an ISO-3166 alpha-2 region with a phone "
                        + "numbering plan — fix: use an upper-case two-letter code such as US, GB or DE, or remove "
                        + "defaultRegion",
                "mappings/Bad_Name.mapping.yaml: source 'Bad_Name' is not a valid source id — fix: use lower-case "
                        + "letters, digits and dashes, e.g. form-acme-contact");
    }

    @Test
    void aSourceMayWriteToSeveralCrms() {
        MappingFiles.write(dir(), "both.mapping.yaml",
                MappingFiles.VALID.formatted("both").replace("crm: hubspot", "crm: [salesforce, hubspot]"));

        assertThat(MappingCatalog.load(dir()).find("both")).get().extracting(SourceMapping::crms)
                .isEqualTo(java.util.List.of("salesforce", "hubspot"));
    }

    @Test
    void reportsAnUnknownOrRepeatedCrmInAList() {
        assertThat(problems("l.mapping.yaml", MappingFiles.VALID.formatted("l").replace("crm: hubspot", "crm: [hubspot, pipedrive]")))
                .singleElement().asString().contains("'pipedrive' is not supported").contains("salesforce, hubspot");
        assertThat(problems("r.mapping.yaml", MappingFiles.VALID.formatted("r").replace("crm: hubspot", "crm: [hubspot, hubspot]")))
                .singleElement().asString().contains("crm");
        assertThat(problems("e.mapping.yaml", MappingFiles.VALID.formatted("e").replace("crm: hubspot", "crm: []")))
                .singleElement().asString().contains("crm is an empty list");
    }

    @Test
    void suggestsTheNearestKnownName() {
        assertThat(problems("s.mapping.yaml", MappingFiles.VALID.formatted("s").replace("crm: hubspot", "crm: hubspt")
                .replace("defaultRegion: US", "defaultRegoin: US")))
                .containsExactly(
                        "mappings/s.mapping.yaml: unknown top-level key 'defaultRegoin' — fix: did you mean "
                                + "'defaultRegion'? use only source, title, description, crm, defaultRegion, events, "
                                + "eventKey, test, embeddedJson, fieldList, fields, attributes, examples",
                        "mappings/s.mapping.yaml: crm 'hubspt' is not supported — fix: did you mean 'hubspot'? set "
                                + "crm to one of salesforce, hubspot");
    }

    @Test
    void rejectsYamlAliases() {
        assertThat(problems("a.mapping.yaml", MappingFiles.VALID.formatted("a")
                .replace("title: Test form", "title: &t Test form").replace("description: A form used by tests.",
                        "description: *t")))
                .singleElement().asString()
                .isEqualTo("mappings/a.mapping.yaml: description is the YAML alias *t, which is not supported — fix: "
                        + "write the value out in full (YAML anchors and aliases are not read)");
        assertThat(problems("b.mapping.yaml", MappingFiles.VALID.formatted("b")
                + "attributes2: &x { a: 1 }\nmore: *x\n"))
                .singleElement().asString().contains("alias").endsWith("(YAML anchors and aliases are not read)");
    }

    @Test
    void refusesFilesOverOneMebibyte() {
        String big = MappingFiles.VALID.formatted("big") + "# " + "x".repeat(MappingLoader.MAX_BYTES) + "\n";
        assertThat(problems("big.mapping.yaml", big)).singleElement().asString()
                .startsWith("mappings/big.mapping.yaml: is " + big.length() + " bytes, over the limit of 1048576");
    }

    @Test
    void aFileNotNamedAsAMappingIsAProblem() {
        assertThat(problems("x.yaml", MappingFiles.VALID.formatted("x"))).containsExactly(
                "mappings/x.yaml: is not named <id>.mapping.yaml — fix: rename it to <source id>.mapping.yaml");
    }

    @Test
    void explainsYamlBooleans() {
        assertThat(problems("nor.mapping.yaml", MappingFiles.VALID.formatted("nor").replace("US", "NO")))
                .containsExactly("mappings/nor.mapping.yaml: defaultRegion is the boolean false (YAML reads unquoted "
                        + "yes/no/on/off/true/false as booleans), not text — fix: quote it, e.g. defaultRegion: 'NO'");
    }

    @Test
    void reportsEveryFieldProblem() {
        String fields = """
                  emial: { from: email }
                  email: { from: [email, 7, "$.a.", ""], transform: [trim, reverse], required: yes please }
                  phone: phone
                  company: { form: company }
                  country: { from: country, required: true, default: { a: b } }
                """;
        assertThat(problems("f.mapping.yaml", header("f") + "fields:\n" + fields + """
                attributes:
                  email: { from: email }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).containsExactly(
                "mappings/f.mapping.yaml: fields.emial is not a lead field — fix: did you mean 'email'? use one of "
                        + "email, phone, firstName, lastName, company, title, country, region, city, postalCode, "
                        + "message, consent, or move it under attributes:",
                "mappings/f.mapping.yaml: unknown key in fields.company 'form' — fix: did you mean 'from'? use only "
                        + "from, required, default, transform",
                "mappings/f.mapping.yaml: fields.company has no from: — fix: add from: <the submission field(s) to "
                        + "read: a top-level key (dots and dashes are part of the key), a JsonPath starting with $, or an "
                        + "alternative object { key | path | keyGlob, transform }; "
                        + "in a list, the first non-blank value wins>",
                "mappings/f.mapping.yaml: fields.country.default is a mapping, not text — fix: write default: <the "
                        + "value when every from: alternative is absent or blank; quote it>",
                "mappings/f.mapping.yaml: fields.email.from[1] is the number 7 (YAML reads unquoted digits as "
                        + "numbers, leading 0 as octal), not text — fix: quote it: '7'",
                "mappings/f.mapping.yaml: fields.email.from[3] is empty text — fix: write a value or remove the "
                        + "empty entry",
                "mappings/f.mapping.yaml: fields.email.required is 'yes please', not a boolean — fix: write "
                        + "required: true or required: false",
                "mappings/f.mapping.yaml: fields.email.transform 'reverse' does not exist — fix: use one of "
                        + "collapse-whitespace, digits-only, e164, first-name, iso-country, last-name, lowercase, "
                        + "strip-html, title-case, trim, uppercase",
                "mappings/f.mapping.yaml: fields.phone is the text 'phone', not a mapping — fix: write phone: "
                        + "{ from: [email, $.contact.email], transform: [trim] }");
    }

    @Test
    void meaningIsCheckedOnceTheStructureIsValid() {
        assertThat(problems("m.mapping.yaml", header("m") + """
                events: "$.b."
                fieldList: { path: "$.x.", name: n, value: v }
                fields:
                  email: { from: [email, "$.a."], transform: trim }
                  firstName: { from: name, transform: revers }
                attributes:
                  email: { from: email }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).containsExactly(
                "mappings/m.mapping.yaml: events '$.b.' is not a valid JsonPath (" + jsonPathError("$.b.")
                        + ") — fix: correct the path to the list of events, e.g. $[*] or "
                        + "$.notifications.Notification[*]",
                "mappings/m.mapping.yaml: fieldList.path '$.x.' is not a valid JsonPath (" + jsonPathError("$.x.")
                        + ") — fix: correct the path to the list of pairs, e.g. $.user_column_data[*]",
                "mappings/m.mapping.yaml: fields.email.from '$.a.' is not a valid JsonPath (" + jsonPathError("$.a.")
                        + ") — fix: correct the path, e.g. $.contact.email or $['contact']['e-mail']",
                "mappings/m.mapping.yaml: fields.firstName.transform 'revers' does not exist — fix: use one of "
                        + "collapse-whitespace, digits-only, e164, first-name, iso-country, last-name, lowercase, "
                        + "strip-html, title-case, trim, uppercase",
                "mappings/m.mapping.yaml: attributes.email is a lead field — fix: move it under fields:");
    }

    private static String jsonPathError(String path) {
        try {
            JsonPath.compile(path);
        } catch (InvalidPathException e) {
            return e.getMessage();
        }
        throw new AssertionError(path + " compiles");
    }

    @Test
    void reportsRequiredWithDefault() {
        assertThat(problems("r.mapping.yaml", header("r") + """
                fields:
                  email: { from: email, required: true, default: x@y.io }
                examples: [ { name: x, input: {}, expect: { email: x@y.io } } ]
                """)).containsExactly("mappings/r.mapping.yaml: fields.email is required and has a default, so it "
                + "can never be missing — fix: remove required: true or the default");
    }

    @Test
    void reportsMissingSections() {
        assertThat(problems("empty.mapping.yaml", header("empty"))).containsExactly(
                "mappings/empty.mapping.yaml: has no fields: — fix: add fields: <each canonical lead field and "
                        + "where its value comes from>",
                "mappings/empty.mapping.yaml: has no examples: — fix: add examples: <executable examples the build "
                        + "runs: an input as the source sends it and the lead it must produce or the fields it must "
                        + "reject>");
        assertThat(problems("list.mapping.yaml", "- a\n- b\n")).containsExactly(
                "mappings/list.mapping.yaml: is not a YAML mapping of keys — fix: start the file with 'source: list' "
                        + "and the other top-level keys [source, title, description, crm, defaultRegion, events, eventKey, "
                        + "test, embeddedJson, fieldList, fields, attributes, examples]");
    }

    @Test
    void reportsEveryExampleProblem() {
        assertThat(problems("e.mapping.yaml", header("e") + """
                fields:
                  email: { from: email }
                attributes:
                  campaign: { from: utm_campaign }
                examples:
                  - just text
                  - { input: { email: a@b.io }, expect: { email: a@b.io }, outcome: ok }
                  - { name: twice, input: { email: a@b.io }, expect: { email: a@b.io } }
                  - { name: twice, input: { email: a@b.io }, expect: { emali: a@b.io, attributes: { cmp: x } } }
                  - { name: both, input: { email: a@b.io }, expect: { email: a@b.io }, errors: [email] }
                  - { name: neither, expect: { firstName: [a] } }
                  - { name: bad errors, input: {}, errors: [mail] }
                  - { name: empty errors, input: {}, errors: [] }
                """)).containsExactly(
                "mappings/e.mapping.yaml: examples[0] is the text 'just text', not a mapping — fix: write { name: "
                        + "phone only, input: { phone: +49 30 901820 }, expect: { phone: +4930901820 } }",
                "mappings/e.mapping.yaml: unknown key in examples[1] 'outcome' — fix: use only name, input, expect, "
                        + "errors, events, eventKey, test",
                "mappings/e.mapping.yaml: examples[1] has no name: — fix: add name: <what the example shows; unique "
                        + "in the file>",
                "mappings/e.mapping.yaml: examples[5] has no input: — fix: add input: <the payload as the source "
                        + "sends it, parsed: a mapping of fields, or any JSON value (a list for batch formats)>",
                "mappings/e.mapping.yaml: examples[5].expect.firstName is a list, not text, a number, true or false "
                        + "or empty — fix: write firstName: <a value>",
                "mappings/e.mapping.yaml: examples[7].errors is an empty list — fix: write errors: [email]");
        assertThat(problems("e2.mapping.yaml", header("e2") + """
                fields:
                  email: { from: email }
                attributes:
                  campaign: { from: utm_campaign }
                examples:
                  - { name: twice, input: { email: a@b.io }, expect: { email: a@b.io } }
                  - { name: twice, input: { email: a@b.io }, expect: { emali: a@b.io, attributes: { cmp: x } } }
                  - { name: both, input: { email: a@b.io }, expect: { email: a@b.io }, errors: [email] }
                  - { name: neither, input: { email: a@b.io } }
                  - { name: bad errors, input: {}, errors: [mail] }
                """)).containsExactly(
                "mappings/e2.mapping.yaml: examples[1] repeats the name 'twice' — fix: give every example its own name",
                "mappings/e2.mapping.yaml: example 'twice' expects 'emali', which is not a lead field — fix: use one "
                        + "of email, phone, firstName, lastName, company, title, country, region, city, postalCode, "
                        + "message, consent or attributes: {...}",
                "mappings/e2.mapping.yaml: example 'twice' expects attribute 'cmp', which attributes: does not "
                        + "declare — fix: declare it under attributes: or use one of [campaign]",
                "mappings/e2.mapping.yaml: example 'both' must have exactly one of expect: or errors: — fix: use "
                        + "expect: {<lead field>: <value>} for an accepted lead or errors: [<field>] for a rejected one",
                "mappings/e2.mapping.yaml: example 'neither' has no expect:, errors:, "
                        + "events:, eventKey: or test: — fix: use "
                        + "expect: {<lead field>: <value>} for an accepted lead, errors: [<field>] for a rejected one "
                        + "or events: <count> for a batch",
                "mappings/e2.mapping.yaml: example 'bad errors'.errors names 'mail', which is neither a lead field nor "
                        + "a declared attribute — fix: use one of email, phone, firstName, lastName, company, title, "
                        + "country, region, city, postalCode, message, consent");
    }

    @Test
    void reportsEveryAlternativeProblem() {
        assertThat(problems("a.mapping.yaml", header("a") + """
                fields:
                  email: { from: [email, { key: e, path: $.e }, { transform: [trim] }, { key: 7 }, { kee: x }] }
                  firstName: { from: [{ key: name, transform: [frist-name] }, { path: contact.name }] }
                  consent: { from: [{ keyGlob: acceptance }, { keyGlob: "*a*a*a*a*a*a*a*a*a" }, { path: "$.a." }] }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).containsExactly(
                "mappings/a.mapping.yaml: fields.email.from[3].key is the number 7 (YAML reads unquoted digits as "
                        + "numbers, leading 0 as octal), not text — fix: quote it, e.g. key: '7'",
                "mappings/a.mapping.yaml: unknown key in fields.email.from[4] 'kee' — fix: did you mean 'key'? use "
                        + "only key, path, keyGlob, transform",
                "mappings/a.mapping.yaml: fields.firstName.from[0].transform 'frist-name' does not exist — fix: did "
                        + "you mean 'first-name'? use one of collapse-whitespace, digits-only, e164, first-name, "
                        + "iso-country, last-name, lowercase, strip-html, title-case, trim, uppercase",
                "mappings/a.mapping.yaml: fields.firstName.from[1].path 'contact.name' is not valid — fix: write "
                        + "path: $.contact.name");
        assertThat(problems("b.mapping.yaml", header("b") + """
                fields:
                  email: { from: [email, { key: e, path: $.e }, { transform: [trim] }] }
                  consent: { from: [{ keyGlob: acceptance }, { keyGlob: "*a*a*a*a*a*a*a*a*a" }, { path: "$.a." }] }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).containsExactly(
                "mappings/b.mapping.yaml: fields.email.from[1] has key and path, more than one field to read — fix: "
                        + "give exactly one of key: full_name, path: $.contact.name or keyGlob: 'acceptance-*' (and "
                        + "optionally transform: [...])",
                "mappings/b.mapping.yaml: fields.email.from[2] names no field to read — fix: give exactly one of "
                        + "key: full_name, path: $.contact.name or keyGlob: 'acceptance-*' (and optionally "
                        + "transform: [...])",
                "mappings/b.mapping.yaml: fields.consent.from[0].keyGlob 'acceptance' has no * — fix: use key: "
                        + "acceptance for one exact key, or put * where the key varies, e.g. keyGlob: 'acceptance-*'",
                "mappings/b.mapping.yaml: fields.consent.from[1].keyGlob '*a*a*a*a*a*a*a*a*a' has 9 *, over the "
                        + "limit of 8 — fix: use fewer wildcards; ** is the same as *",
                "mappings/b.mapping.yaml: fields.consent.from[2].path '$.a.' is not a valid JsonPath ("
                        + jsonPathError("$.a.") + ") — fix: correct the path, e.g. $.contact.email or "
                        + "$['contact']['e-mail']");
    }

    @Test
    void fieldListsAndEventKeysStayPlainText() {
        assertThat(problems("p.mapping.yaml", header("p") + """
                eventKey: { key: id }
                fieldList: { path: "$.f[*]", name: [{ key: n }], value: v }
                fields:
                  email: { from: email }
                examples: [ { name: x, input: {}, errors: [email] } ]
                """)).allSatisfy(p -> assertThat(p).containsAnyOf("eventKey", "fieldList.name[0]")).hasSize(2);
    }

    private static String header(String id) {
        return """
                source: %s
                title: T
                description: D.
                crm: salesforce
                """.formatted(id);
    }
}
