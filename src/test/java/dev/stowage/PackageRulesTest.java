package dev.stowage;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package graph the README's "Layout of the code" describes: the core packages (everything but {@code ui},
 * {@code cli} and the {@link Launcher}) form no cycle and know nothing of the two front ends; the CLI and the app
 * share the core and never each other; JavaFX lives in the app only, picocli in the CLI only.
 */
class PackageRulesTest {
    private static final String[] FRONT_ENDS = {"dev.stowage.ui..", "dev.stowage.cli.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.stowage");
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.stowage.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * Below the top level too, with two known exceptions. {@code ui}'s sub-packages (actions, dialogs, images,
     * services, sources…) call each other both ways: the app is checked as one slice, above. {@code registry.auth}
     * builds on {@code registry} ({@code AuthException} is a {@code RegistryException}; the token fetch uses
     * {@code Scope} and {@code HttpBodies}) while {@code RegistryClient} drives {@code RegistryAuth}: the auth
     * package is the client's inner workings, kept apart for size.
     */
    @Test
    void noCyclesBetweenTheCoresSubPackages() {
        slices().matching("dev.stowage.(**)").should().beFreeOfCycles()
                .ignoreDependency(resideInAPackage("dev.stowage.registry.auth"), resideInAPackage("dev.stowage.registry"))
                .check(classes.that(resideOutsideOfPackage("dev.stowage.ui..")));
    }

    @Test
    void theAppDoesNotUseTheCli() {
        noClasses().that().resideInAPackage("dev.stowage.ui..")
                .should().dependOnClassesThat().resideInAPackage("dev.stowage.cli..").check(classes);
    }

    @Test
    void theCliDoesNotUseTheApp() {
        noClasses().that().resideInAPackage("dev.stowage.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.stowage.ui..").check(classes);
    }

    @Test
    void theCoreKnowsNoFrontEnd() {
        noClasses().that().resideOutsideOfPackages(FRONT_ENDS).and().doNotBelongToAnyOf(Launcher.class)
                .should().dependOnClassesThat().resideInAnyPackage(FRONT_ENDS).check(classes);
    }

    @Test
    void javaFxOnlyInTheApp() {
        noClasses().that().resideOutsideOfPackage("dev.stowage.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..").check(classes);
    }

    @Test
    void picocliOnlyInTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.stowage.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(classes);
    }
}
