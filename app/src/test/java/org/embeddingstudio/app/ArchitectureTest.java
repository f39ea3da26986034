package org.embeddingstudio.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The module boundaries of STYLE.md §1, checked on the compiled classes. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.embeddingstudio");

    @Test
    void theCoreKnowsNoScreen() {
        noClasses().that().resideInAPackage("org.embeddingstudio.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.kordamp..")
                .check(CLASSES);
    }

    @Test
    void viewsDoNotOperateTheCore() {
        // Views may show the core's immutable value records (EmbeddingInfo); everything that acts goes through
        // their view model.
        noClasses().that().haveSimpleNameEndingWith("View").or().haveSimpleNameEndingWith("Dialog")
                .should().dependOnClassesThat().resideInAnyPackage("org.embeddingstudio.core.model..",
                        "org.embeddingstudio.core.io..", "org.embeddingstudio.core.tokenizer..",
                        "org.embeddingstudio.core.training..", "ai.djl..")
                .check(CLASSES);
    }

    @Test
    void onlyTheFxPackageHandsWorkToTheFxThread() {
        // The responsiveness benchmark drives the FX thread itself: measuring it is its job.
        noClasses().that().resideOutsideOfPackages("org.embeddingstudio.app.ui.fx..", "org.embeddingstudio.app.bench..")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .check(CLASSES);
    }

    @Test
    void viewModelsBuildNoNodes() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..")
                .check(CLASSES);
    }
}
