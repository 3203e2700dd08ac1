package com.wwi.lakehouse.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The import rule of DESIGN.md ("Rooms and the import rule"), checked on the compiled classes of all three
 * modules (core, sentiment, functions; tests left out): imports only go down the layers, no package imports a
 * package that imports it back, the lake layer imports nothing of the pipeline, and only the function adapters and
 * the CLI know Azure Functions types.
 *
 * <p>How it was checked that these rules fail on an upward import: each rule is also evaluated on the two classes
 * of {@code architecture.fixture} (a {@code lake} class importing a {@code runs} class) and must report them; and by
 * hand (2026-12-03), a method added to {@code lake/Txn.java} returning {@code RunStatus.COMMITTED.label()} made the
 * four product rules but the Azure Functions one fail, each naming {@code Txn.upward() -> RunStatus}. Again on
 * 2026-12-04 for the {@code errors} room at the bottom: a method added to {@code errors/Errors.java} taking a
 * {@code lake.Txn} made {@code layersOnlyImportDownwards} (and the product check of {@code theRulesFailOnAnUpwardImport})
 * fail, naming {@code Errors.upward(Txn) -> Txn.appId()}.
 */
class ArchitectureTest {
    private static final String ROOT = "com.wwi.lakehouse";

    /** The product's classes: main classes only (not this module's tests, not core's shared test jar). */
    static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
            .importPackages(ROOT);

    static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT + ".architecture.fixture");

    /**
     * The layers, bottom to top. A layer may import only the layers listed for it (and libraries); a package of the
     * Stages layer may import another stage only without a cycle (gold reads silver's schema).
     */
    static Architectures.LayeredArchitecture layers(String root) {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Base").definedBy(root + ".errors..", root + ".progress..")
                .layer("Lake").definedBy(root + ".lake..")
                .layer("Datasets").definedBy(root + ".datasets..")
                .layer("Runs").definedBy(root + ".runs..")
                .layer("Landing").definedBy(root + ".landing..")
                .layer("Graph").definedBy(root + ".graph..")
                .layer("Sample").definedBy(root + ".sample..")
                .layer("Stages").definedBy(root + ".ingest..", root + ".silver..", root + ".gold..",
                        root + ".maintenance..")
                .layer("Sentiment").definedBy(root + ".sentiment..")
                .layer("Pipeline").definedBy(root + ".pipeline..")
                .layer("View").definedBy(root + ".view..")
                .layer("Bench").definedBy(root + ".bench..")
                .layer("Functions").definedBy(root + ".functions..")
                .layer("Cli").definedBy(root + ".cli..")
                .whereLayer("Base").mayNotAccessAnyLayer()
                .whereLayer("Lake").mayOnlyAccessLayers("Base")
                .whereLayer("Datasets").mayOnlyAccessLayers("Base", "Lake")
                .whereLayer("Runs").mayOnlyAccessLayers("Base", "Lake")
                .whereLayer("Landing").mayOnlyAccessLayers("Base", "Lake")
                .whereLayer("Graph").mayOnlyAccessLayers("Base", "Lake", "Datasets")
                .whereLayer("Sample").mayOnlyAccessLayers("Base", "Lake", "Datasets")
                .whereLayer("Stages").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph")
                .whereLayer("Sentiment").mayOnlyAccessLayers("Base", "Stages")
                .whereLayer("Pipeline").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph", "Stages")
                .whereLayer("View").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph",
                        "Stages", "Pipeline")
                .whereLayer("Bench").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph", "Sample",
                        "Stages", "Pipeline", "View")
                .whereLayer("Functions").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph", "Stages",
                        "Sentiment", "Pipeline")
                .whereLayer("Cli").mayOnlyAccessLayers("Base", "Lake", "Datasets", "Runs", "Landing", "Graph", "Sample", "Stages",
                        "Sentiment", "Pipeline", "View", "Bench", "Functions");
    }

    static ArchRule noCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }


    @Test
    void layersOnlyImportDownwards() {
        layers(ROOT).check(PRODUCT);
    }

    @Test
    void noPackageImportsAPackageThatImportsItBack() {
        noCycles(ROOT).check(PRODUCT);
    }

    @Test
    void theLakeLayerImportsNothingAboveIt() {
        noClasses().that().resideInAPackage(ROOT + ".lake..").should().dependOnClassesThat()
                .resideInAnyPackage(otherProjectPackages(ROOT, "lake")).check(PRODUCT);
    }

    @Test
    void onlyTheAdaptersAndTheCliKnowAzureFunctions() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".functions..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage("com.microsoft.azure.functions..").check(PRODUCT);
    }

    @Test
    void theRulesFailOnAnUpwardImport() {
        String root = ROOT + ".architecture.fixture";
        EvaluationResult layered = layers(root).withOptionalLayers(true).evaluate(FIXTURE);
        assertTrue(layered.hasViolation(), "the layer rule reports lake -> runs");
        assertTrue(layered.getFailureReport().toString().contains("Lower"), layered.getFailureReport().toString());
        EvaluationResult lake = noClasses().that().resideInAPackage(root + ".lake..").should().dependOnClassesThat()
                .resideInAnyPackage(otherProjectPackages(root, "lake")).evaluate(FIXTURE);
        assertTrue(lake.hasViolation(), "the lake rule reports lake -> runs");
        assertFalse(layers(ROOT).evaluate(PRODUCT).hasViolation(), "and the product passes");
    }

    /** Every package pattern of the project but {@code own}'s, for "imports nothing of the pipeline". */
    private static String[] otherProjectPackages(String root, String own) {
        List<String> rooms = List.of("lake", "datasets", "runs", "landing", "graph", "sample", "ingest", "silver", "gold",
                "maintenance", "sentiment", "pipeline", "view", "bench", "functions", "cli");
        return rooms.stream().filter(r -> !r.equals(own)).map(r -> root + "." + r + "..").toArray(String[]::new);
    }
}
