package io.leadrouter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rules of DESIGN §2; each failure says how to fix it. */
@AnalyzeClasses(packages = "io.leadrouter", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreIsPlainJava = noClasses()
            .that().resideInAnyPackage("io.leadrouter.lead..", "io.leadrouter.mapping..", "io.leadrouter.distribution..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..")
            .because("lead, mapping and distribution are plain Java so they can be tested and reused anywhere:"
                    + " move the Spring or Camel code into pipeline/ (or a crm/ adapter) and pass plain values in");

    @ArchTest
    static final ArchRule intakeIsChannelNeutral = noClasses()
            .that().resideInAPackage("io.leadrouter.intake..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "jakarta.servlet..",
                    "io.leadrouter.pipeline..", "io.leadrouter.api..", "io.leadrouter.crm..", "io.leadrouter.distribution..")
            .because("intake returns an outcome every channel answers in its own terms: keep HTTP, Camel and Spring in the"
                    + " channel's kamelet bean in pipeline/ and hand intake plain values (RawSubmission, SourceRequest)");

    @ArchTest
    static final ArchRule leadDependsOnNothingOfOurs = classes()
            .that().resideInAPackage("io.leadrouter.lead..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.leadrouter.lead..", "java..", "com.google.i18n.phonenumbers..")
            .because("lead is the canonical model every module depends on: keep it to java.* (and libphonenumber);"
                    + " put behaviour that needs other modules in mapping/, distribution/ or pipeline/");

    @ArchTest
    static final ArchRule mappingAndDistributionAreIndependent = noClasses()
            .that().resideInAPackage("io.leadrouter.mapping..")
            .should().dependOnClassesThat().resideInAnyPackage("io.leadrouter.distribution..", "io.leadrouter.ledger..",
                    "io.leadrouter.pipeline..", "io.leadrouter.crm..", "io.leadrouter.api..")
            .because("mapping turns raw input into a Lead and knows nothing else: pass what it needs as arguments");

    @ArchTest
    static final ArchRule distributionSeesOnlyLead = noClasses()
            .that().resideInAPackage("io.leadrouter.distribution..")
            .should().dependOnClassesThat().resideInAnyPackage("io.leadrouter.mapping..", "io.leadrouter.ledger..",
                    "io.leadrouter.pipeline..", "io.leadrouter.crm..", "io.leadrouter.api..")
            .because("distribution decides from a Lead and ports (e.g. RoundRobinState): add a port interface in"
                    + " distribution/ and implement it in ledger/ or pipeline/");

    @ArchTest
    static final ArchRule onlyPipelineComposes = noClasses()
            .that().resideOutsideOfPackage("io.leadrouter.pipeline..")
            .and().doNotHaveSimpleName("LeadRouterApplication")
            .should().dependOnClassesThat().resideInAPackage("io.leadrouter.pipeline..")
            .because("pipeline/ is the composition root: other packages expose types and pipeline wires them;"
                    + " move shared types out of pipeline/ into the package that owns the concept");

    @ArchTest
    static final ArchRule ledgerIsBelowAdaptersAndApi = noClasses()
            .that().resideInAPackage("io.leadrouter.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage("io.leadrouter.crm..", "io.leadrouter.api..",
                    "io.leadrouter.mapping..", "io.leadrouter.distribution..")
            .because("ledger stores what others decide: give it plain records (e.g. DecisionRecord) instead of engine types");

    @ArchTest
    static final ArchRule hubspotComponentStandsAlone = noClasses()
            .that().resideInAPackage("io.leadrouter.crm.hubspot.component..")
            .should().dependOnClassesThat().resideInAnyPackage("io.leadrouter.lead..", "io.leadrouter.mapping..",
                    "io.leadrouter.distribution..", "io.leadrouter.ledger..", "io.leadrouter.pipeline..",
                    "io.leadrouter.api..", "io.leadrouter.crm.salesforce..")
            .allowEmptyShould(true)
            .because("the Camel HubSpot component is a reusable component: keep project types out and adapt in crm/hubspot/");

    @ArchTest
    static final ArchRule crmAdaptersDoNotKnowEachOther = noClasses()
            .that().resideInAPackage("io.leadrouter.crm.salesforce..")
            .should().dependOnClassesThat().resideInAnyPackage("io.leadrouter.crm.hubspot..", "io.leadrouter.api..")
            .because("each CRM adapter stands alone; share through ledger/ types, wire in pipeline/");
}
