package io.jarbiter.tests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module and package rules of docs/ARCHITECTURE.md#modules, checked on the compiled classes. */
@Timeout(60)
class LayeringTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jarbiter");

    @Test
    void theMasterNeverTouchesServiceContainers() {
        noClasses().that().resideInAPackage("io.jarbiter.arbiter..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jarbiter.container..", "io.jarbiter.web..",
                        "io.jarbiter.timer..", "io.jarbiter.testing..", "io.undertow..", "com.rabbitmq..")
                .check(CLASSES);
    }

    @Test
    void theContainerKnowsNothingOfProcesses() {
        noClasses().that().resideInAnyPackage("io.jarbiter.container..", "io.jarbiter.web..", "io.jarbiter.timer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jarbiter.arbiter..", "io.jarbiter.worker..", "io.jarbiter.posix..")
                .check(CLASSES);
    }

    @Test
    void theServiceLibrarysPublicPackagesNeverReachIntoInternals() {
        // only the named packages themselves, not their subpackages: an internal package may use another one
        noClasses().that().resideInAnyPackage("io.jarbiter.container", "io.jarbiter.container.config", "io.jarbiter.web",
                        "io.jarbiter.messaging", "io.jarbiter.timer", "io.jarbiter.testing")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .check(CLASSES);
    }

    @Test
    void internalsStayInsideTheirModule() {
        noClasses().that().resideOutsideOfPackage("io.jarbiter.conf..")
                .should().dependOnClassesThat().resideInAPackage("io.jarbiter.conf.internal..").check(CLASSES);
        noClasses().that().resideOutsideOfPackages("io.jarbiter.arbiter..")
                .should().dependOnClassesThat().resideInAPackage("io.jarbiter.arbiter.internal..").check(CLASSES);
    }
}
