package io.leadrouter.distribution;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The engine stays plain Java so it can be unit-tested and reused without a container. */
class DistributionDependenciesTest {
    @Test
    void dependsOnlyOnTheJdkTheLeadModelAndJackson() {
        JavaClasses engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.leadrouter.distribution");

        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.leadrouter.lead..", "io.leadrouter.distribution..", "com.fasterxml.jackson..")
                .because("distribution is plain Java (DESIGN.md 2, 7.4): move Spring or Camel wiring into io.leadrouter.pipeline"
                        + " and pass what the engine needs through a port or the Clock")
                .check(engine);
    }
}
