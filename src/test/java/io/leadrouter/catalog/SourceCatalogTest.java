package io.leadrouter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The project's own routes/ and mappings/: every file is its own test and fails with the file and the fix. */
class SourceCatalogTest {

    private final SourceCatalogCheck check = new SourceCatalogCheck(Path.of("").toAbsolutePath());

    @Test
    void theCatalogHasSources() {
        assertThat(check.routeFiles()).as("files in routes/").isNotEmpty();
        assertThat(check.mappingFiles()).as("files in mappings/").isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> routes() {
        return check.routeFiles().stream().map(file ->
                dynamicTest("routes/" + file.getFileName(), () -> assertNoProblems(check.checkRoute(file))));
    }

    @TestFactory
    Stream<DynamicTest> mappings() {
        return check.mappingFiles().stream().map(file ->
                dynamicTest("mappings/" + file.getFileName(), () -> assertNoProblems(check.checkMapping(file))));
    }

    private static void assertNoProblems(List<String> problems) {
        assertThat(problems).withFailMessage(() -> String.join("\n", problems)).isEmpty();
    }
}
