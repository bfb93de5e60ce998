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
    void loadsEveryMappingInTheFolder() {
        MappingFiles.valid(dir(), "form-b");
        MappingFiles.valid(dir(), "form-a");
        MappingFiles.write(dir(), "README.md", "not a mapping");

        MappingCatalog catalog = MappingCatalog.load(dir());

        assertThat(catalog.sourceIds()).containsExactly("form-a", "form-b");
        assertThat(catalog.all()).extracting(SourceMapping::sourceId).containsExactly("form-a", "form-b");
        assertThat(catalog.find("form-a")).get().extracting(SourceMapping::crm).isEqualTo("hubspot");
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
                        + "description, crm, defaultRegion, fields, attributes, examples",
                "mappings/Bad_Name.mapping.yaml: source 'Bad_Name' is not a valid source id — fix: use lower-case "
                        + "letters, digits and dashes, e.g. form-acme-contact",
                "mappings/Bad_Name.mapping.yaml: has no title: — fix: add title: <a short human title, e.g. "
                        + "'Website contact form'>",
                "mappings/Bad_Name.mapping.yaml: has no description: — fix: add description: <one or two "
                        + "sentences saying what sends these leads>",
                "mappings/Bad_Name.mapping.yaml: crm 'pipedrive' is not supported — fix: set crm to one of "
                        + "salesforce, hubspot",
                "mappings/Bad_Name.mapping.yaml: defaultRegion 'usa' is not an ISO-3166 alpha-2 region with a phone "
                        + "numbering plan — fix: use an upper-case two-letter code such as US, GB or DE, or remove "
                        + "defaultRegion");
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
                "mappings/f.mapping.yaml: fields.emial is not a lead field — fix: use one of email, phone, firstName, "
                        + "lastName, company, title, country, message, or move it under attributes:",
                "mappings/f.mapping.yaml: fields.email.from contains '7', not a field name or JsonPath — fix: give a "
                        + "top-level field name like email or a JsonPath starting with $, e.g. $.contact.email",
                "mappings/f.mapping.yaml: fields.email.from '$.a.' is not a valid JsonPath (" + jsonPathError("$.a.")
                        + ") — fix: correct the path, e.g. $.contact.email or $['contact']['e-mail']",
                "mappings/f.mapping.yaml: fields.email.from contains '', not a field name or JsonPath — fix: give a "
                        + "top-level field name like email or a JsonPath starting with $, e.g. $.contact.email",
                "mappings/f.mapping.yaml: fields.email.required is 'yes please', not a boolean — fix: write "
                        + "required: true or required: false",
                "mappings/f.mapping.yaml: fields.email.transform 'reverse' does not exist — fix: use one of "
                        + "collapse-whitespace, digits-only, e164, iso-country, lowercase, strip-html, title-case, trim, "
                        + "uppercase",
                "mappings/f.mapping.yaml: fields.phone is not a mapping — fix: write it as phone: { from: <field or "
                        + "$.json.path>, required: true|false, default: <value>, transform: [...] }",
                "mappings/f.mapping.yaml: unknown key in fields.company 'form' — fix: use only from, required, "
                        + "default, transform",
                "mappings/f.mapping.yaml: fields.company has no from: — fix: name the submission field(s) to read, "
                        + "e.g. from: [email, $.contact.email]",
                "mappings/f.mapping.yaml: fields.country.default is a mapping, not text — fix: quote it, e.g. "
                        + "default: 'NO'",
                "mappings/f.mapping.yaml: attributes.email is a lead field — fix: move it under fields:");
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
                "mappings/empty.mapping.yaml: has no fields: — fix: add a fields: section mapping lead fields "
                        + "[email, phone, firstName, lastName, company, title, country, message] to the submission, "
                        + "e.g. email: { from: email }",
                "mappings/empty.mapping.yaml: has no examples: — fix: add at least one example with name, input and "
                        + "expect (or errors); the build runs them");
        assertThat(problems("list.mapping.yaml", "- a\n- b\n")).containsExactly(
                "mappings/list.mapping.yaml: is not a YAML mapping of keys — fix: start the file with 'source: list' "
                        + "and the other top-level keys [source, title, description, crm, defaultRegion, fields, "
                        + "attributes, examples]");
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
                "mappings/e.mapping.yaml: examples[0] is not a mapping — fix: write it as { name: ..., input: {...}, "
                        + "expect: {...} }",
                "mappings/e.mapping.yaml: unknown key in examples[1] 'outcome' — fix: use only name, input, expect, "
                        + "errors",
                "mappings/e.mapping.yaml: examples[1] has no name — fix: add name: <what the example shows>",
                "mappings/e.mapping.yaml: examples[3] repeats the name 'twice' — fix: give every example its own name",
                "mappings/e.mapping.yaml: example 'twice' expects 'emali', which is not a lead field — fix: use one "
                        + "of email, phone, firstName, lastName, company, title, country, message or attributes: {...}",
                "mappings/e.mapping.yaml: example 'twice' expects attribute 'cmp', which attributes: does not declare "
                        + "— fix: declare it under attributes: or use one of [campaign]",
                "mappings/e.mapping.yaml: example 'both' must have exactly one of expect: or errors: — fix: use "
                        + "expect: {<lead field>: <value>} for an accepted lead or errors: [<field>] for a rejected one",
                "mappings/e.mapping.yaml: example 'neither' has no input — fix: add input: { <field>: <value>, ... } "
                        + "as the source sends it",
                "mappings/e.mapping.yaml: example 'neither' expects firstName to be a structure — fix: give the "
                        + "expected text value",
                "mappings/e.mapping.yaml: example 'bad errors'.errors names 'mail', which is neither a lead field nor "
                        + "a declared attribute — fix: use one of email, phone, firstName, lastName, company, title, "
                        + "country, message",
                "mappings/e.mapping.yaml: example 'empty errors'.errors is not a non-empty list — fix: write errors: "
                        + "[email] with the rejected field names");
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
