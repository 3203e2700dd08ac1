package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.FileTree;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dry run reports what a run would meet and writes nothing. */
class DryRunTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    private static final DryRun.ModelProbe MODEL = () -> "a model that loads";

    @Test
    void aNewLakeIsReadyAndNothingIsCreated() {
        Path lake = dir.resolve("new/lake");
        List<DryRun.Check> streamed = new ArrayList<>();
        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), lake.toString()), DryRun.Source.SHELL,
                () -> LabGraph.GRAPH, MODEL, streamed::add);
        assertTrue(r.ok(), r.toString());
        assertEquals(r.checks(), streamed, "every check is handed over as it is made");
        DryRun.Check storage = check(r, "storage");
        assertEquals(DryRun.Status.OK, storage.status());
        assertTrue(storage.detail().contains("does not exist yet"), storage.detail());
        assertTrue(check(r, "tables").detail().startsWith(LabGraph.GRAPH.tables().size() + " declared tables"),
                check(r, "tables").detail());
        assertEquals("a model that loads", check(r, "model").detail());

        DryRun.Report skipped = DryRun.run(Map.of(Setting.LAKE.key(), lake.toString()), DryRun.Source.SHELL,
                () -> LabGraph.GRAPH, DryRun.skipModel("left for later"), c -> { });
        assertEquals(DryRun.Status.NOTE, check(skipped, "model").status());
        assertEquals("left for later", check(skipped, "model").detail());
        assertTrue(skipped.ok());
        assertFalse(Files.exists(dir.resolve("new")), "no folder created");
    }

    @Test
    void anExistingLakeChecksEveryTableAndWritesNothing() throws IOException {
        Pipeline p = pipelines.open(dir.toString());
        byte[] b = "Quantity,Advert,Price,Brand\n1,1,2.5,a\n".getBytes(StandardCharsets.UTF_8);
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(new LandedFile("sales/a.csv", "e1", b.length,
                () -> new ByteArrayInputStream(b))).status());
        p.gold().run();
        p.close();
        Map<String, String> before = FileTree.of(dir);

        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), dir.toString()), DryRun.Source.SHELL,
                () -> LabGraph.GRAPH, MODEL, c -> { });
        assertTrue(r.ok(), r.toString());
        DryRun.Check sales = check(r, Dataset.SALES.bronzePath());
        assertEquals(DryRun.Status.OK, sales.status(), sales.toString());
        assertTrue(sales.detail().contains("protocol (1, 2)"), sales.detail());
        assertEquals(before, FileTree.of(dir), "not a byte written, not a file touched");
    }

    @Test
    void aTableThatDiffersFromTheCodeIsAProblemNamingTheDifference() throws IOException {
        DeltaLake lake = DeltaLake.open(dir.toString());
        TableNode perWeek = LabGraph.GRAPH.table("gold/campaign_per_week").orElseThrow();
        List<Column> cols = new ArrayList<>(perWeek.schema().columns());
        Column first = cols.get(0);
        ColumnType other = first.type() == ColumnType.STRING ? ColumnType.LONG : ColumnType.STRING;
        cols.set(0, new Column(first.name(), other, true, 0, 0, null));
        lake.table(perWeek.path()).createIfAbsent(TableSpec.of("gold.campaign_per_week", new TableSchema(cols)));

        TableNode history = LabGraph.GRAPH.table("gold/twitter_historical_data").orElseThrow();
        lake.table(history.path()).createIfAbsent(TableSpec.of("gold.twitter_historical_data", history.schema()));

        TableNode hashtags = LabGraph.GRAPH.table("gold/twitter_historical_hashtag_data").orElseThrow();
        lake.table(hashtags.path()).createIfAbsent(TableSpec.of("x", hashtags.schema()
                .plus(Column.of("added_by_spark", ColumnType.STRING))));

        List<Column> log = new ArrayList<>(SystemTables.EVENT_LOG_SCHEMA.columns());
        log.remove(log.size() - 1);
        lake.table(SystemTables.EVENT_LOG).createIfAbsent(TableSpec.of("_system.event_log", new TableSchema(log)));

        Path salesLog = dir.resolve(Dataset.SALES.bronzePath()).resolve("_delta_log");
        lake.table(Dataset.SALES.bronzePath()).createIfAbsent(Dataset.SALES.bronzeSpec());
        Files.writeString(salesLog.resolve(String.format("%020d.json", 1)),
                "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"SET TBLPROPERTIES\"}}\n"
                        + "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
                        + "\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":[\"deletionVectors\"]}}\n");
        Map<String, String> before = FileTree.of(dir);

        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), dir.toString()), DryRun.Source.SHELL,
                () -> LabGraph.GRAPH, MODEL, c -> { });
        assertFalse(r.ok());
        DryRun.Check type = check(r, perWeek.path());
        assertEquals(DryRun.Status.PROBLEM, type.status());
        assertTrue(type.detail().contains("column " + first.name() + ": " + other.name().toLowerCase(java.util.Locale.ROOT) + " in the table"), type.detail());

        DryRun.Check parts = check(r, history.path());
        assertEquals(DryRun.Status.PROBLEM, parts.status());
        assertTrue(parts.detail().contains("partitioned by nothing, the code writes it by [date]"), parts.detail());

        DryRun.Check extra = check(r, hashtags.path());
        assertEquals(DryRun.Status.NOTE, extra.status(), extra.toString());
        assertTrue(extra.detail().contains("added_by_spark that the code does not write"), extra.detail());

        DryRun.Check added = check(r, SystemTables.EVENT_LOG);
        assertEquals(DryRun.Status.NOTE, added.status(), added.toString());
        assertTrue(added.detail().contains("the next run adds nullable column input_versions"), added.detail());

        DryRun.Check refused = check(r, Dataset.SALES.bronzePath());
        assertEquals(DryRun.Status.PROBLEM, refused.status());
        assertTrue(refused.detail().contains("deletionVectors"), refused.detail());
        assertEquals(3, r.problems(), r.toString());
        assertEquals(before, FileTree.of(dir), "nothing written, the added column included");
    }

    @Test
    void badSettingsAreEachAProblemWithTheFixAndStopTheStorageCheck() {
        Map<String, String> s = new HashMap<>();
        s.put(Setting.LAKE.key(), "abfss://lake@<storage-account>.dfs.core.windows.net/wwi");
        s.put(Setting.GOLD_SCHEDULE.key(), "*/10 * * * *");
        s.put(Setting.SILVER_SCHEDULE.key(), "0 */5 * * * *");
        s.put(Setting.SWEEP_SCHEDULE.key(), "00:05:00");
        s.put("LAKEHOUSE_MAINTENANCE_SCHEDUEL", "0 30 * * * *");
        s.put(Setting.AZURE_CREDENTIAL.key(), "managed");
        s.put(Setting.VACUUM_RETENTION_HOURS.key(), "0.5");
        s.put(Setting.TWEETS_HUB.key(), "tweets");
        s.put(Setting.TWEETS_CONSUMER_GROUP.key(), "$Default");
        s.put(Setting.PROGRESS.key(), "bar");
        s.put(Setting.CHECK_SCHEDULE.key(), "0 15 3 * * *");
        s.put("LandingStorage__blobServiceUri", "https://acct.blob.core.windows.net");
        s.put("TweetsEventHub__fullyQualifiedNamespace", "wwi-tweets.servicebus.windows.net");
        s.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");

        DryRun.Report r = DryRun.run(s, DryRun.Source.APP, () -> LabGraph.GRAPH, MODEL, c -> { });
        assertTrue(detail(r, Setting.LAKE.key()).contains("placeholder"), r.toString());
        assertTrue(detail(r, Setting.GOLD_SCHEDULE.key()).contains("has 5 fields")
                && detail(r, Setting.GOLD_SCHEDULE.key()).contains("\"0 */10 * * * *\""), r.toString());
        assertTrue(detail(r, Setting.SWEEP_SCHEDULE.key()).contains("TimeSpan"), r.toString());
        assertTrue(detail(r, "LAKEHOUSE_MAINTENANCE_SCHEDUEL").contains("did you mean LAKEHOUSE_MAINTENANCE_SCHEDULE"),
                r.toString());
        assertTrue(detail(r, Setting.MAINTENANCE_SCHEDULE.key()).contains("is not set"), r.toString());
        assertTrue(detail(r, Setting.AZURE_CREDENTIAL.key()).contains("managed-identity"), r.toString());
        assertTrue(detail(r, Setting.VACUUM_RETENTION_HOURS.key()).contains("at least 1"), r.toString());
        assertTrue(detail(r, "LandingStorage__queueServiceUri").contains("needs both"), r.toString());
        assertEquals(DryRun.Status.NOTE, check(r, Setting.PROGRESS.key()).status(), "a CLI setting in an app is a note");
        assertEquals(DryRun.Status.NOTE, check(r, "storage").status(), "storage not tried with a bad lake setting");
        assertEquals(8, r.problems(), r.toString());
        assertEquals(DryRun.Status.NOTE, check(r, "settings").status(), "the summary counts no problem twice");
    }

    @Test
    void aBrokenGraphAModelThatDoesNotLoadAndAnUnreachableLakeAreProblems() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), file.resolve("lake").toString()), DryRun.Source.SHELL,
                () -> {
                    throw new IllegalArgumentException("cycle: gold/a -> gold/b -> gold/a");
                }, () -> {
                    throw new IllegalStateException("no such file model.pt");
                }, c -> { });
        assertEquals("cycle: gold/a -> gold/b -> gold/a", detail(r, "graph"));
        assertTrue(detail(r, "model").contains("no such file model.pt"), r.toString());
        assertEquals(DryRun.Status.PROBLEM, check(r, "storage").status(), r.toString());
        assertTrue(detail(r, "storage").contains("cannot write to"), detail(r, "storage"));
        assertEquals(3, r.problems(), r.toString());
    }

    @Test
    void ncrontabSchedules() {
        for (String ok : List.of("0 */10 * * * *", "0 30 9 * * MON-FRI", "0 0 0 1 JAN,JUL *", "5,35 * 0-23/2 * * 0")) {
            assertEquals(java.util.Optional.empty(), Ncrontab.problem(ok), ok);
        }
        assertTrue(Ncrontab.problem("0 60 * * * *").orElseThrow().contains("minute field \"60\" is out of range 0-59"));
        assertTrue(Ncrontab.problem("0 * * * * FUN").orElseThrow().contains("SUN-SAT"));
        assertTrue(Ncrontab.problem("0 */0 * * * *").orElseThrow().contains("step"));
        assertTrue(Ncrontab.problem("0 5-1 * * * *").orElseThrow().contains("backwards"));
        assertTrue(Ncrontab.problem("").orElseThrow().contains("empty"));
    }

    private static DryRun.Check check(DryRun.Report r, String subject) {
        return r.checks().stream().filter(c -> c.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no check of " + subject + " in " + r));
    }

    private static String detail(DryRun.Report r, String subject) {
        return check(r, subject).detail();
    }
}
