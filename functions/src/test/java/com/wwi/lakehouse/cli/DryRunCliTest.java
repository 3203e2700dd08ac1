package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.testing.FileTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.wwi.lakehouse.cli.CliTest.assertOneLineError;
import static com.wwi.lakehouse.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./lakehouse dry-run}: the checklist, its exit code, and that it writes nothing. */
class DryRunCliTest {
    @TempDir
    Path dir;

    @AfterEach
    void closePipeline() {
        PipelineHolder.closeIfOpen();
    }

    private static CliRunner.Out run(String... args) {
        return CliRunner.capture(args);
    }

    @Test
    void aLakeAsTheCodeWritesItIsReadyAndATableSparkUpgradedIsAProblem() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        assertEquals(0, run("generate", "--out", landing.toString(), "--scale", "0.05").code());
        assertEquals(0, run("run", "--landing", landing.toString(), "--lake", lake.toString()).code());
        PipelineHolder.closeIfOpen();
        Map<String, String> before = FileTree.of(lake);

        CliRunner.Out ready = run("dry-run", "--lake", lake.toString());
        assertEquals(0, ready.code(), ready.text());
        for (var node : LabGraph.GRAPH.tables()) {
            if (Files.isDirectory(lake.resolve(node.path()).resolve("_delta_log"))) {
                assertTrue(ready.text().contains("✓ " + node.path() + ": v"), node.path() + " checked: " + ready.text());
            } else {
                assertTrue(ready.text().contains(node.path()) && ready.text().contains("do not exist yet")
                        || ready.text().contains("does not exist yet"), node.path() + " named as absent: " + ready.text());
            }
        }
        assertTrue(ready.text().contains("✓ storage: ") && ready.text().contains("✓ model: ")
                && ready.text().contains("✓ graph: "), ready.text());
        assertTrue(ready.text().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("ready: no problem found"),
                ready.text());
        assertEquals(before, FileTree.of(lake), "a dry run writes nothing");

        FileTree.upgradeToDeletionVectors(lake.resolve("gold/sales_test"));
        before = FileTree.of(lake);
        CliRunner.Out refused = run("dry-run", "--lake", lake.toString());
        assertEquals(1, refused.code(), refused.text());
        String line = refused.text().lines().filter(l -> l.startsWith("✗ gold/sales_test: ")).findFirst()
                .orElseThrow(() -> new AssertionError(refused.text()));
        assertTrue(line.contains("deletionVectors") && line.contains("DROP FEATURE"), line);
        assertTrue(refused.text().contains("✓ gold/sales_train: "), "the other tables are checked: " + refused.text());
        assertTrue(refused.text().strip().endsWith("1 problem (✗): fix them before running"), refused.text());

        CliRunner.Out json = run("dry-run", "--lake", lake.toString(), "--json");
        assertEquals(1, json.code());
        JsonNode doc = new ObjectMapper().readTree(json.text());
        assertFalse(doc.get("ok").asBoolean());
        assertEquals(1, doc.get("problems").asInt());
        assertTrue(Stream.of(doc.get("checks")).flatMap(a -> java.util.stream.StreamSupport.stream(a.spliterator(), false))
                .anyMatch(c -> c.get("subject").asText().equals("gold/sales_test")
                        && c.get("status").asText().equals("problem")), json.text());
        assertEquals(before, FileTree.of(lake), "a dry run writes nothing");
    }

    @Test
    void anAppsSettingsAreCheckedAsTheAppReadsThem() throws Exception {
        Path lake = dir.resolve("lake");
        // the shape 'az functionapp config appsettings list' prints
        Path az = Files.writeString(dir.resolve("appsettings.json"), """
                [{"name": "LAKEHOUSE_LAKE", "value": "%s", "slotSetting": false},
                 {"name": "AzureWebJobsStorage__accountName", "value": "wwihost", "slotSetting": false},
                 {"name": "LandingStorage__blobServiceUri", "value": "https://wwilake.blob.core.windows.net"},
                 {"name": "LandingStorage__queueServiceUri", "value": "https://wwilake.queue.core.windows.net"},
                 {"name": "TweetsEventHub__fullyQualifiedNamespace", "value": "wwi-tweets.servicebus.windows.net"},
                 {"name": "LAKEHOUSE_TWEETS_HUB", "value": "tweets"},
                 {"name": "LAKEHOUSE_TWEETS_CONSUMER_GROUP", "value": "$Default"},
                 {"name": "LAKEHOUSE_SWEEP_SCHEDULE", "value": "0 */15 * * * *"},
                 {"name": "LAKEHOUSE_SILVER_SCHEDULE", "value": "0 */5 * * * *"},
                 {"name": "LAKEHOUSE_GOLD_SCHEDULE", "value": "0 */10 * * * *"},
                 {"name": "LAKEHOUSE_MAINTENANCE_SCHEDULE", "value": "0 30 * * * *"},
                 {"name": "LAKEHOUSE_CHECK_SCHEDULE", "value": "0 15 3 * * *"}]
                """.formatted(lake.toString().replace("\\", "\\\\")));
        CliRunner.Out ok = run("dry-run", "--settings", az.toString());
        assertEquals(0, ok.code(), ok.text());
        assertTrue(ok.text().contains("the triggers' schedules, hub and connections set"), ok.text());
        assertFalse(Files.exists(lake), "nothing created");

        // the project's example as it ships: placeholders, reported one by one with the fix
        Path example = Path.of(System.getProperty("user.dir")).getParent().resolve("local.settings.json.example");
        CliRunner.Out placeholders = run("dry-run", "--settings", example.toString());
        assertEquals(1, placeholders.code(), placeholders.text());
        assertTrue(placeholders.text().contains("✗ LAKEHOUSE_LAKE: still holds a placeholder"), placeholders.text());
        assertTrue(placeholders.text().contains("✗ TweetsEventHub__fullyQualifiedNamespace: still holds a placeholder"),
                placeholders.text());
        assertTrue(placeholders.text().contains("• storage: not checked"), placeholders.text());

        // --lake replaces the file's lake; a schedule in 5-field cron is named with its fix
        Path local = Files.writeString(dir.resolve("local.settings.json"), Files.readString(example)
                .replace("\"0 */10 * * * *\"", "\"*/10 * * * *\""));
        CliRunner.Out cron = run("dry-run", "--settings", local.toString(), "--lake", lake.toString());
        assertEquals(1, cron.code());
        assertTrue(cron.text().contains("✗ LAKEHOUSE_GOLD_SCHEDULE: \"*/10 * * * *\" has 5 fields"), cron.text());
        assertTrue(cron.text().contains("✓ storage: "), "the lake given is checked: " + cron.text());
        assertFalse(cron.text().contains("LAKEHOUSE_LAKE: still holds"), cron.text());
        assertFalse(Files.exists(lake), "nothing created");
    }

    @Test
    void badInputIsOneLineExit2AndNothingWritten() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Values\": {\"LAKEHOUSE_LAKE\": \"x\",}");
        CliTest.Result r = cli("dry-run", "--settings", broken.toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "dry-run: --settings " + broken + " is not JSON");
        assertTrue(r.err().contains("line 1, column"), r.err());

        r = cli("dry-run", "--settings", dir.resolve("missing.json").toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "does not exist");

        Path nested = Files.writeString(dir.resolve("nested.json"), "{\"Values\": {\"LAKEHOUSE_LAKE\": {\"a\": 1}}}");
        r = cli("dry-run", "--settings", nested.toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "LAKEHOUSE_LAKE is not a plain value");

        Path noLake = Files.writeString(dir.resolve("nolake.json"), "{\"Values\": {\"LAKEHOUSE_TWEETS_HUB\": \"t\"}}");
        r = cli("dry-run", "--settings", noLake.toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "which lake? give --lake LAKE (" + noLake + " sets no LAKEHOUSE_LAKE)");

        r = cli("dry-run", "--lak", dir.toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "--lake");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("broken.json", "nested.json", "nolake.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "nothing written");
        }
    }
}
