package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.runs.SystemTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static com.wwi.lakehouse.cli.CliTest.assertOneLineError;
import static com.wwi.lakehouse.cli.CliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lakehouse refresh --full-refresh ...} as a user runs it: the report, bad input, and real processes
 * SIGKILLed mid-rebuild and run beside a landing, after which the lake is exact and Gold verified.
 */
class FullRefreshCliTest {
    @TempDir
    Path dir;

    @AfterEach
    void closePipeline() {
        PipelineHolder.closeIfOpen();
    }

    private static String run(int expectedCode, String... args) {
        CliRunner.Out r = CliRunner.capture(args);
        assertEquals(expectedCode, r.code(), r.text());
        return r.text();
    }

    /** {@code ./lakehouse <args>} in its own JVM, its output to a log under the test folder. */
    private Process start(String name, String... args) throws IOException {
        List<String> cmd = Main.inNewJvm(List.of(), List.of(args));
        File log = Files.createDirectories(dir.resolve("logs")).resolve(name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve("logs").resolve(name + ".log"));
    }

    @Test
    void killedMidRebuildAndBesideALandingTheLakeStaysExact() throws Exception {
        Path landing = dir.resolve("landing");
        Path more = dir.resolve("more");
        Path lake = dir.resolve("lake");
        run(0, "generate", "--out", landing.toString(), "--scale", "0.05", "--bad-fraction", "0.02");
        run(0, "generate", "--out", more.toString(), "--scale", "0.05", "--seed", "9", "--bad-fraction", "0.02");
        run(0, "run", "--landing", landing.toString(), "--lake", lake.toString());

        // a Bronze table whose files are not where it is told to look: one line, exit 1, nothing written
        Lake before = Pipeline.openExisting(Settings.local(lake.toString()));
        long salesTrans = before.table(Dataset.STORE_TRANSACTIONS.bronzePath()).version();
        CliTest.Result missing = cli("refresh", "--lake", lake.toString(), "--full-refresh", "bronze/sales_trans",
                "--landing", more.toString());
        assertEquals(1, missing.code(), missing.out() + missing.err());
        assertTrue(missing.out().lines().anyMatch(l -> l.matches("\\s+bronze/sales_trans\\s+rebuilt\\s+failed\\s+[0-9.]+ s\\s+"
                + "bronze/sales_trans cannot be rebuilt: 1 of its landed files are in neither .*found only with other"
                + " content: store-transactions/dbo.SalesTransData.txt.*")), missing.out());
        assertEquals(salesTrans, before.table(Dataset.STORE_TRANSACTIONS.bronzePath()).version());

        String report = run(0, "refresh", "--lake", lake.toString(), "--full-refresh", "bronze/sales_trans,"
                + "silver.twitter_historical_data,gold/campaign_per_week", "--landing", landing.toString());
        assertTrue(report.contains("rebuilding bronze/sales_trans, silver/twitter_historical_data, gold/campaign_per_week"
                + " from their inputs (landed files: " + landing + ", and the archive of each)"), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\s+bronze/sales_trans\\s+rebuilt\\s+committed\\s+[0-9.]+ s\\s+"
                + "rebuilt from 1 file\\(s\\) \\(0 from the archive, 1 still in landing\\): .*")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\s+gold/sales_train\\s+refreshed\\s+committed\\s+[0-9.]+ s\\s+.*")),
                "read a rebuilt table, so recomputed: " + report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\s+silver/twitter_historical_data\\s+rebuilt\\s+committed\\s+[0-9.]+ s\\s+"
                + "rebuilt from bronze version \\d+: .*")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\s+gold/campaign_per_week\\s+rebuilt\\s+committed\\s+[0-9.]+ s\\s+.*")), report);
        assertTrue(report.lines().anyMatch(l -> l.matches("\\s+gold/country_wise_revenue\\s+refreshed\\s+skipped\\s+[0-9.]+ s\\s+.*")),
                report);
        assertTrue(report.contains("done in ") && report.contains("3 table(s) rebuilt"), report);

        // SIGKILLs at random moments of a full refresh of everything
        Random random = new Random(18);
        int killed = 0;
        for (int i = 0; i < 3; i++) {
            Process p = start("kill-" + i, "refresh", "--lake", lake.toString(), "--full-refresh-all", "--landing",
                    landing.toString());
            if (p.waitFor(2_000 + random.nextInt(8_000), TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), log("kill-" + i));
                continue;
            }
            p.destroyForcibly();
            p.waitFor();
            killed++;
        }
        assertTrue(killed > 0, "at least one full refresh was killed");

        // a full refresh of everything while a new landing goes through Bronze, Silver and Gold
        Process landingRun = start("beside-run", "run", "--landing", more.toString(), "--lake", lake.toString(),
                "--batch-size", "50");
        Process rebuild = start("beside-refresh", "refresh", "--lake", lake.toString(), "--full-refresh-all",
                "--landing", landing + "," + more);
        assertEquals(0, landingRun.waitFor(), log("beside-run"));
        assertEquals(0, rebuild.waitFor(), log("beside-refresh"));
        assertTrue(log("beside-refresh").contains("20 table(s) rebuilt"), log("beside-refresh"));

        run(0, "refresh", "--lake", lake.toString()); // what the timers do next
        Path sql = dir.resolve("gold.sql");
        String exported = run(0, "export-sql", "--lake", lake.toString(), "--out", sql.toString());
        assertTrue(exported.startsWith("wrote " + sql + ": 12 Gold table(s) as Spark SQL"), exported);
        assertTrue(exported.contains("not exported: gold/campaign_sentiment_weekly: computed from"), exported);
        assertEquals(12, Files.readString(sql).lines().filter(l -> l.startsWith("INSERT OVERWRITE delta.`")).count());
        Lake l = Pipeline.openExisting(Settings.local(lake.toString()));
        LakeAudit.Result audit = LakeAudit.audit(l);
        assertEquals(List.of(), audit.problems());
        Map<Dataset, Long> expected = new EnumMap<>(Dataset.class);
        Chaos.records(landing).forEach((d, n) -> expected.merge(d, n, Long::sum));
        Chaos.records(more).forEach((d, n) -> expected.merge(d, n, Long::sum));
        for (Dataset d : Dataset.values()) {
            assertEquals(expected.get(d), audit.datasets().get(d).landed(), d.folder() + ": landed = Bronze + quarantine");
        }
        for (GoldVerify.Result r : GoldVerify.verify(l, LabGraph.GRAPH)) {
            assertTrue(r.ok(), r.table() + " " + r.status());
        }
    }

    @Test
    void statusNamesABronzeRebuildKilledBetweenItsTwoCommits() {
        Path lake = dir.resolve("lake");
        try (Pipeline p = Pipeline.open(Settings.local(lake.toString()))) {
            // what a rebuild killed after its quarantine commit leaves: the quarantine one rebuild ahead of Bronze
            p.lake().table(SystemTables.QUARANTINE).append(List.of(), List.of(new Txn("bronze-rebuild/churn", 0)));
        }
        CliRunner.Out r = CliRunner.capture("status", "--lake", lake.toString());
        assertEquals(1, r.code(), r.text());
        assertTrue(r.text().contains("! bronze/customer_churn_data: a rebuild was killed between its two commits (the"
                + " quarantine's records are replaced, the Bronze rows not yet): run ./lakehouse refresh --lake " + lake
                + " --full-refresh bronze/customer_churn_data again"), r.text());
        assertTrue(CliRunner.capture("status", "--lake", lake.toString(), "--json").text()
                .contains("\"interruptedRebuilds\" : [ \"bronze/customer_churn_data\" ]"));
    }

    @Test
    void badTablesAreOneLineExit2AndNothingIsWritten() throws Exception {
        Path lake = Files.createDirectories(dir.resolve("lake"));
        CliTest.Result r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "gold/nope");
        assertEquals(2, r.code());
        assertOneLineError(r, "refresh: --full-refresh gold/nope: no table gold/nope in the graph; a full refresh"
                + " rebuilds bronze/twitter_historical_data, bronze/campaign_data, ");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "bronze.campaign_data");
        assertEquals(2, r.code());
        assertOneLineError(r, "refresh: rebuilding bronze/campaign_data reads its landed files: give --landing DIR");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh-all");
        assertEquals(2, r.code());
        assertOneLineError(r, "refresh: rebuilding bronze/twitter_historical_data reads its landed files");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "bronze/campaign_data", "--landing",
                dir.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "refresh: --landing " + dir.resolve("nowhere") + " is not a folder");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "gold/sales_test", "--landing", dir.toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "refresh: --landing is where a Bronze rebuild reads landed files, and no Bronze table");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "_system/event_log");
        assertEquals(2, r.code());
        assertOneLineError(r, "_system/event_log is a system table, which the pipeline keeps itself");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh-all", "--full-refresh", "gold/sales_test");
        assertEquals(2, r.code());
        assertOneLineError(r, "give it or --full-refresh TABLES, not both");
        r = cli("refresh", "--lake", lake.toString(), "--full-refresh", "gold/sales_test,,gold/sales_train");
        assertEquals(2, r.code());
        assertOneLineError(r, "--full-refresh has an empty table name");
        r = cli("export-sql", "--lake", lake.toString(), "--tables", "gold/campaign_per_week,gold/nope");
        assertEquals(2, r.code());
        assertOneLineError(r, "export-sql: --tables gold/nope: no Gold table gold/nope in the graph; Gold tables: ");
        r = cli("export-sql", "--lake", dir.resolve("missing").toString());
        assertEquals(2, r.code());
        assertOneLineError(r, "export-sql: no lake at ");
        try (var files = Files.list(lake)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }
}
