package org.embeddingstudio.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import javafx.application.Platform;
import org.embeddingstudio.core.testing.SourceSizes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The module boundaries of STYLE.md §1, checked on the compiled classes. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.embeddingstudio");

    @Test
    void noMainClassIsOver400Lines() throws IOException {
        SourceSizes.assertNoClassIsLonger(Path.of("src/main/java"));
    }

    @Test
    void theCoreKnowsNoScreen() {
        assertHolds(noClasses().that().resideInAPackage("org.embeddingstudio.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.kordamp..")
                );
    }

    @Test
    void viewsDoNotOperateTheCore() {
        // Views may show the core's immutable value records (EmbeddingInfo); everything that acts goes through
        // their view model.
        assertHolds(noClasses().that().haveSimpleNameEndingWith("View").or().haveSimpleNameEndingWith("Dialog")
                .should().dependOnClassesThat().resideInAnyPackage("org.embeddingstudio.core.model..",
                        "org.embeddingstudio.core.io..", "org.embeddingstudio.core.tokenizer..",
                        "org.embeddingstudio.core.training..", "org.embeddingstudio.core.task..", "ai.djl..")
                );
    }

    @Test
    void onlyTheFxPackageHandsWorkToTheFxThread() {
        // The responsiveness benchmark drives the FX thread itself: measuring it is its job.
        assertHolds(noClasses().that()
                .resideOutsideOfPackages("org.embeddingstudio.app.ui.fx..", "org.embeddingstudio.app.bench..")
                .should().callMethod(Platform.class, "runLater", Runnable.class)
                );
    }

    @Test
    void onlyTheCoreEngineUsesPyTorchDirectly() {
        // model-core's ArchitectureTest checks the core; this checks the app too.
        assertHolds(noClasses().that().resideOutsideOfPackage("org.embeddingstudio.core.engine..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..")
                );
    }

    @Test
    void viewModelsBuildNoNodes() {
        assertHolds(noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "org.controlsfx..")
                );
    }

    /** Fails with ArchUnit's report of every violation. */
    static void assertHolds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(CLASSES);
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }
}
