package io.leadrouter.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MappingSchemaTest {

    private static final Path BESIDE_THE_FILES = Path.of("mappings/mapping.schema.json");
    private static final Path ON_THE_CLASSPATH = Path.of("src/main/resources/mappings/mapping.schema.json");

    @Test
    void theSchemaBesideTheMappingsIsTheOneTheLoaderUses() throws Exception {
        assertThat(Files.readAllBytes(BESIDE_THE_FILES))
                .as("fix: copy %s to %s (byte-identical)", BESIDE_THE_FILES, ON_THE_CLASSPATH)
                .isEqualTo(Files.readAllBytes(ON_THE_CLASSPATH));
    }

    @Test
    void theSchemaNamesWhatTheEngineKnows() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(ON_THE_CLASSPATH.toFile());
        List<String> fields = new ArrayList<>();
        schema.path("properties").path("fields").path("properties").fieldNames().forEachRemaining(fields::add);
        List<String> transforms = new ArrayList<>();
        schema.path("$defs").path("transform").path("enum").forEach(t -> transforms.add(t.asText()));

        assertThat(fields).as("fix: properties.fields.properties lists every lead field and consent")
                .containsExactlyElementsOf(MappingLoader.fieldNames());
        assertThat(transforms).as("fix: $defs.transform.enum lists Transforms.names()")
                .containsExactlyElementsOf(Transforms.names());
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @Test
    void everyShippedMappingPointsEditorsAtTheSchema() throws Exception {
        try (var files = Files.list(Path.of("mappings"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(MappingLoader.SUFFIX)).toList()) {
                assertThat(Files.readString(file)).as("fix: add the first line to %s", file)
                        .startsWith("# yaml-language-server: $schema=./mapping.schema.json\n");
            }
        }
    }
}
