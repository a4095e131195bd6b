package io.jarbiter.tests;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module and package rules of docs/ARCHITECTURE.md#modules, checked on the compiled classes of every
 * module (bench and examples included): the Maven order is the layering, no package cycles, and what a
 * package publishes never exposes or reaches into another package's {@code internal}.
 */
@Timeout(120)
class LayeringTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jarbiter");

    /** The packages of each module, in Maven order. */
    static final String[] CONF = {"io.jarbiter.conf.."}, HOOKS = {"io.jarbiter.hooks.."},
            PROCESS = {"io.jarbiter.posix..", "io.jarbiter.logging..", "io.jarbiter.tls..", "io.jarbiter.statsd..", "io.jarbiter.process.."},
            CONTAINER = {"io.jarbiter.container..", "io.jarbiter.web..", "io.jarbiter.amqp..", "io.jarbiter.messaging..",
                    "io.jarbiter.timer..", "io.jarbiter.testing.."},
            WORKER = {"io.jarbiter.worker.."}, ARBITER = {"io.jarbiter.arbiter.."},
            EXAMPLES = {"io.jarbiter.examples.."}, BENCH = {"io.jarbiter.bench.."};

    @Test
    void everyModuleOfTheReactorIsImported() {
        for (String pkg : List.of("io.jarbiter.conf", "io.jarbiter.hooks", "io.jarbiter.posix", "io.jarbiter.process", "io.jarbiter.container",
                "io.jarbiter.worker", "io.jarbiter.arbiter", "io.jarbiter.examples", "io.jarbiter.bench")) {
            if (!CLASSES.containPackage(pkg)) throw new AssertionError("no classes of " + pkg + " on the test class path");
        }
    }

    @Test
    void modulesDependOnlyOnModulesBeforeThemInTheMavenOrder() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("conf").definedBy(CONF)
                .layer("hooks").definedBy(HOOKS)
                .layer("process").definedBy(PROCESS)
                .layer("container").definedBy(CONTAINER)
                .layer("worker").definedBy(WORKER)
                .layer("arbiter").definedBy(ARBITER)
                .layer("examples").definedBy(EXAMPLES)
                .layer("bench").definedBy(BENCH)
                .whereLayer("bench").mayNotBeAccessedByAnyLayer()
                .whereLayer("examples").mayOnlyBeAccessedByLayers("bench")
                .whereLayer("arbiter").mayOnlyBeAccessedByLayers("bench")
                .whereLayer("worker").mayOnlyBeAccessedByLayers("bench")
                .whereLayer("container").mayOnlyBeAccessedByLayers("worker", "examples", "bench")
                .whereLayer("process").mayOnlyBeAccessedByLayers("container", "worker", "arbiter", "bench")
                .whereLayer("hooks").mayOnlyBeAccessedByLayers("container", "worker", "arbiter", "examples", "bench")
                .check(CLASSES);
    }

    @Test
    void theMasterNeverLoadsTheServiceLibraryOrItsTransports() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAnyPackage(ARBITER)
                .should().dependOnClassesThat().resideInAnyPackage(concat(CONTAINER, WORKER, new String[]{"io.undertow..", "org.xnio..", "com.rabbitmq.."}))
                .check(CLASSES);
    }

    /**
     * The container's packages publish only what they implement in the open: none of them uses an internal
     * package, its own included. (amqp's standalone entry points, ClusterRpcProxy and StandaloneDispatcher,
     * open connections through amqp.internal: the rule above, no other package's internals, holds for them.)
     */
    @Test
    void theServiceLibrarysPublicPackagesNeverReachIntoInternals() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().resideInAnyPackage("io.jarbiter.container", "io.jarbiter.container.config",
                        "io.jarbiter.web", "io.jarbiter.messaging", "io.jarbiter.timer", "io.jarbiter.testing")
                .should().dependOnClassesThat().resideInAPackage("..internal..")
                .check(CLASSES);
    }

    /** A package and its {@code internal} are one slice: the internal package implements what its parent publishes. */
    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.jarbiter.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Built-in annotations find their factories through a registry, so an annotation names no implementation. */
    @Test
    void aPublishedAnnotationNamesNoInternalClass() {
        classes().that().areAnnotations().and().resideOutsideOfPackage("..internal..")
                .should().onlyDependOnClassesThat(DescribedPredicate.describe("are not internal", c -> !isInternal(c.getPackageName())))
                .check(CLASSES);
    }

    @Test
    void aPublicPackageNeverReachesIntoAnotherPackagesInternals() {
        classes().that().resideOutsideOfPackage("..internal..")
                .should(new ArchCondition<JavaClass>("depend on no other package's internal package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            String target = d.getTargetClass().getPackageName();
                            if (target.startsWith("io.jarbiter.") && isInternal(target)
                                    && !target.equals(origin.getPackageName() + ".internal")
                                    && !target.startsWith(origin.getPackageName() + ".internal.")) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .check(CLASSES);
    }

    @Test
    void noInternalTypeInAPublicSignature() {
        members().that().areDeclaredInClassesThat(publishedClass())
                .and(visibleOutside())
                .should(new ArchCondition<JavaMember>("mention no internal type in their signature") {
                    @Override
                    public void check(JavaMember member, ConditionEvents events) {
                        Stream<JavaType> types = member instanceof JavaField f ? Stream.of(f.getType())
                                : member instanceof JavaCodeUnit c ? Stream.concat(Stream.of(c.getReturnType()), c.getParameterTypes().stream())
                                : Stream.empty();
                        types.flatMap(t -> t.getAllInvolvedRawTypes().stream())
                                .filter(t -> t.getPackageName().startsWith("io.jarbiter.") && isInternal(t.getPackageName()))
                                .forEach(t -> events.add(SimpleConditionEvent.violated(member,
                                        member.getFullName() + " exposes internal type " + t.getName())));
                    }
                })
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    private static boolean isInternal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.");
    }

    /** A public class, or a public nested class of one, in a package that is not internal. */
    private static DescribedPredicate<JavaClass> publishedClass() {
        return DescribedPredicate.describe("are published", c -> !isInternal(c.getPackageName()) && c.getPackageName().startsWith("io.jarbiter.")
                && isPublished(c));
    }

    private static boolean isPublished(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC)) return false;
        return c.getEnclosingClass().map(LayeringTest::isPublished).orElse(true);
    }

    private static DescribedPredicate<JavaMember> visibleOutside() {
        return DescribedPredicate.describe("are public or protected", m -> {
            Set<JavaModifier> mods = m.getModifiers();
            return mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED);
        });
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }
}
