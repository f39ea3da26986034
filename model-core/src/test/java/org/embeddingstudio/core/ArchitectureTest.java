package org.embeddingstudio.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.embeddingstudio.core.testing.SourceSizes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The core's package structure (issue 12), checked on the compiled classes. */
class ArchitectureTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.embeddingstudio.core");

    @Test
    void noMainClassIsOver400Lines() throws IOException {
        SourceSizes.assertNoClassIsLonger(Path.of("src/main/java"));
    }

    @Test
    void packagesFormNoCycles() {
        assertHolds(slices().matching("org.embeddingstudio.core.(*)..").should().beFreeOfCycles());
    }

    @Test
    void librariesDoNotDependOnTheCommandLineOrTheBenchmarks() {
        // cli and bench are programs on top of the library packages, never beneath them.
        assertHolds(noClasses().that().resideInAPackage("org.embeddingstudio.core..")
                .and().resideOutsideOfPackages("org.embeddingstudio.core.cli..", "org.embeddingstudio.core.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("org.embeddingstudio.core.cli..",
                        "org.embeddingstudio.core.bench.."));
    }

    @Test
    void onlyTheEnginePackageUsesPyTorchDirectly() {
        // Everything else goes through DJL's engine-neutral API; what only PyTorch offers is wrapped in core.engine.
        assertHolds(noClasses().that().resideOutsideOfPackage("org.embeddingstudio.core.engine..")
                .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch.."));
    }

    /** Fails with ArchUnit's report of every violation. */
    static void assertHolds(ArchRule rule) {
        EvaluationResult result = rule.evaluate(CLASSES);
        assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
    }
}
