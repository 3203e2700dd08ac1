package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.AllTypes;
import com.wwi.lakehouse.testing.FileTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    @AfterEach
    void closePipeline() {
        PipelineHolder.closeIfOpen();
    }

    record Result(int code, String out, String err) {
    }

    /** Runs the CLI in its own JVM, as ./lakehouse does. */
    static Result cli(String... args) throws IOException, InterruptedException {
        return cli(Map.of(), args);
    }

    /** The same, with environment variables added. */
    static Result cli(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out, err);
    }

    static void assertOneLineError(Result r, String expected) {
        assertTrue(r.code != 0, "non-zero exit");
        assertEquals(1, r.err.strip().lines().count(), "one line: " + r.err);
        assertTrue(r.err.startsWith("lakehouse: "), r.err);
        assertTrue(r.err.contains(expected), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace");
    }

    @Test
    void badInputGetsOneLineAndANonZeroExit() throws Exception {
        assertOneLineError(cli("run", "--landing", dir.resolve("missing").toString(), "--lake", dir.resolve("lake").toString()),
                "does not exist");
        Files.createDirectories(dir.resolve("landing/invoices"));
        assertOneLineError(cli("run", "--landing", dir.resolve("landing").toString(), "--lake", dir.resolve("lake").toString()),
                "unknown dataset folder 'invoices'");
        Files.delete(dir.resolve("landing/invoices"));
        Files.createDirectories(dir.resolve("landing/sales"));
        Files.writeString(dir.resolve("landing/sales/s.csv"), "Quantity,Advert,Price,Brand\n1,0,2.5,tropicana\n");
        Files.writeString(dir.resolve("not-a-folder"), "x");
        assertOneLineError(cli("run", "--landing", dir.resolve("landing").toString(), "--lake",
                dir.resolve("not-a-folder/lake").toString()), "cannot write to lake");
        assertOneLineError(cli("status", "--lake", dir.resolve("nothing-here").toString()), "no lake at");
        assertOneLineError(cli("verify", "--lake", dir.resolve("nothing-here").toString()), "no lake at");
        assertOneLineError(cli("generate", "--out", dir.resolve("g").toString(), "--scale", "-1"), "scale");
        assertOneLineError(cli("run", "--landing"), "needs a value");
        assertOneLineError(cli("bogus"), "unknown command");
        assertEquals(1, cli("run", "--landing", dir.resolve("landing").toString(), "--lake", dir.resolve("lake").toString(),
                "--batch-size", "zero").err.strip().lines().count());
    }

    @Test
    void everyCommandExplainsItselfAndBadOptionsStopBeforeAnyWork() throws Exception {
        for (String command : List.of("demo", "generate", "run", "refresh", "chaos", "status", "ui", "verify", "maintain",
                "bench", "bench ingest", "bench append", "bench sentiment", "bench gold", "bench ui", "bench freshness", "train-sentiment",
                "eval-sentiment", "send", "azurite")) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            List<String> argv = new ArrayList<>(List.of(command.split(" ")));
            argv.add("--help");
            assertEquals(0, Main.run(argv, new PrintStream(buf, true, StandardCharsets.UTF_8)), command);
            String help = buf.toString(StandardCharsets.UTF_8);
            assertTrue(help.contains("Usage: ./lakehouse " + command), help);
            assertTrue(help.contains("--help"), help);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("help"), new PrintStream(buf, true, StandardCharsets.UTF_8)));
        for (String command : List.of("demo", "run", "status", "ui", "verify", "maintain", "bench", "eval-sentiment")) {
            assertTrue(buf.toString(StandardCharsets.UTF_8).contains("  " + command + " "), command);
        }
        assertOneLineError(cli("status", "--lake", dir.toString(), "--jsn"), "unknown option --jsn; did you mean --json?");
        assertOneLineError(cli("bench", "golden"), "unknown subcommand of bench 'golden'");
        assertOneLineError(cli("verify", "--lake", dir.toString(), "--json", "--repair"), "run them one after the other");
        // demo with a bad option writes nothing: neither the landing files nor the lake
        Path lake = dir.resolve("demo/lake");
        Result bad = cli("demo", "--lake", lake.toString(), "--bad-fraction", "0.9");
        assertOneLineError(bad, "--bad-fraction");
        assertEquals(2, bad.code());
        assertFalse(Files.exists(dir.resolve("demo")), "nothing created");
        assertOneLineError(cli("ui", "--lake", dir.toString(), "--out", "p.html", "--port", "1"), "--out writes a file");
        assertOneLineError(cli(Map.of("LAKEHOUSE_PROGRESS", "loud"), "status", "--lake", dir.toString()),
                "LAKEHOUSE_PROGRESS must be bar, lines or off");
    }

    @Test
    void progressLinesGiveCountRateAndEta() {
        ProgressDisplay.LineTask task = new ProgressDisplay.LineTask("tweets", 40_000, "events", System.err, 0);
        task.note("partition 3");
        assertEquals("lakehouse: tweets 12,000/40,000 events (30%), 1,200.0 events/s, ETA 24 s (partition 3)",
                task.line(12_000, 10_000_000_000L));
        assertEquals("lakehouse: tweets 40,000/40,000 events (100%), 4,000.0 events/s (partition 3)",
                task.line(40_000, 10_000_000_000L));
        assertEquals("2 min 05 s", ProgressDisplay.LineTask.duration(125));
        assertEquals("1 h 01 min", ProgressDisplay.LineTask.duration(3_660));
        ProgressDisplay.LineTask unknown = new ProgressDisplay.LineTask("scan", 0, "files", System.err, 0);
        assertEquals("lakehouse: scan 50 files, 5.0 files/s", unknown.line(50, 10_000_000_000L));
        assertEquals(ProgressDisplay.Mode.BAR, ProgressDisplay.mode(null, true));
        assertEquals(ProgressDisplay.Mode.LINES, ProgressDisplay.mode("", false));
        assertEquals(ProgressDisplay.Mode.OFF, ProgressDisplay.mode("off", true));
    }

    @Test
    void aTableAnotherEngineUpgradedIsRefusedAloneNamingItsFeatures() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", landing.toString(), "--scale", "0.05"), quiet));
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()), quiet));
        PipelineHolder.closeIfOpen();
        Path log = lake.resolve("gold/sales_test/_delta_log");
        FileTree.upgradeToDeletionVectors(lake.resolve("gold/sales_test"));
        List<String> logBefore;
        try (var files = Files.list(log)) {
            logBefore = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        String feature = "gold/sales_test needs Delta reader 3 / writer 7 with deletionVectors";
        for (List<String> command : List.of(List.of("status"), List.of("verify"), List.of("maintain"))) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            List<String> argv = new ArrayList<>(command);
            argv.addAll(List.of("--lake", lake.toString()));
            assertEquals(1, Main.run(argv, new PrintStream(buf, true, StandardCharsets.UTF_8)), command.toString());
            String text = buf.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains(feature) && text.contains("DROP FEATURE deletionVectors"), command + ": " + text);
            assertTrue(text.contains("gold/sales_train"), command + " goes on with the other tables: " + text);
            PipelineHolder.closeIfOpen();
        }
        Path page = dir.resolve("page.html");
        assertEquals(0, Main.run(List.of("ui", "--lake", lake.toString(), "--out", page.toString()), quiet));
        assertTrue(Files.readString(page).contains("\"refused\":\"table "), "the page shows the table refused");
        // and the pipeline itself: new landings go through every other table, and fail only what reads or writes it
        Path more = dir.resolve("more");
        assertEquals(0, Main.run(List.of("generate", "--out", more.toString(), "--scale", "0.05", "--seed", "9"), quiet));
        Path train = lake.resolve("gold/sales_train/_delta_log");
        long trainCommits;
        try (var files = Files.list(train)) {
            trainCommits = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
        ByteArrayOutputStream runOut = new ByteArrayOutputStream();
        assertEquals(1, Main.run(List.of("run", "--landing", more.toString(), "--lake", lake.toString()),
                new PrintStream(runOut, true, StandardCharsets.UTF_8)));
        PipelineHolder.closeIfOpen();
        assertTrue(runOut.toString(StandardCharsets.UTF_8).contains("the lake now holds"), runOut.toString(StandardCharsets.UTF_8));
        try (var files = Files.list(train)) {
            assertTrue(files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count() > trainCommits,
                    "gold/sales_train refreshed beside the refused gold/sales_test");
        }
        try (var files = Files.list(log)) {
            assertEquals(logBefore, files.map(f -> f.getFileName().toString()).sorted().toList(), "nothing written to it");
        }
    }

    @Test
    void benchGoldRunsSmallAndRejectsBadInput() throws Exception {
        assertOneLineError(cli("bench", "gold", "--increment", "2"), "--increment must be a fraction");
        assertOneLineError(cli("bench", "gold", "--rows", "10"), "--rows must be between");
        Result r = cli("bench", "gold", "--rows", "5000", "--increment", "0.02", "--work", dir.resolve("gb").toString());
        assertEquals(0, r.code(), r.err);
        assertTrue(r.out.contains("incremental refresh (run)") && r.out.contains("full recompute (rebuild)")
                && r.out.contains("faster than the full recompute"), r.out);
    }

    @Test
    void benchIngestRunsSmallLeavesNothingAndRejectsBadInput() throws Exception {
        assertOneLineError(cli("bench", "ingest", "--events", "10"), "--events must be between");
        Path work = dir.resolve("ib");
        Result r = cli("bench", "ingest", "--events", "1000", "--work", work.toString());
        assertEquals(0, r.code(), r.err);
        for (String what : new String[]{"bronze (Delta, exactly once)", "same work without Delta", "raw Parquet (no Delta)",
                "bronze / raw Parquet writes       100", "bronze / raw Parquet writes      1000"}) {
            assertTrue(r.out.contains(what), what + " in " + r.out);
        }
        try (var left = Files.list(work)) {
            assertEquals(List.of(), left.toList(), "every run's folders are deleted");
        }
    }

    @Test
    void maintainRejectsBadInputWithOneLine() throws Exception {
        assertOneLineError(cli("maintain", "--lake", dir.resolve("nothing-here").toString()), "maintain: no lake at");
        Files.createDirectories(dir.resolve("lake"));
        assertOneLineError(cli("maintain", "--lake", dir.resolve("lake").toString(), "--retention-hours", "a week"),
                "--retention-hours must be a number");
        Result tooShort = cli("maintain", "--lake", dir.resolve("lake").toString(), "--retention-hours", "0.5");
        assertOneLineError(tooShort, "0.5 hours is below the minimum of 1 hour");
        assertEquals(2, tooShort.code(), "a usage error");
        assertOneLineError(cli("maintain"), "--lake is required");
    }

    @Test
    void maintainCompactsVacuumsAndPrintsEachTable() throws Exception {
        Path lake = dir.resolve("lake");
        LakeTable t = DeltaLake.open(lake.toString()).table("bronze/things");
        t.createIfAbsent(TableSpec.of("bronze.things", AllTypes.SCHEMA));
        for (int i = 0; i < 12; i++) {
            t.append(AllTypes.rows(i * 5L, i * 5L + 5), List.of());
        }
        List<String> rows = new ArrayList<>();
        t.readAll().forEach(r -> rows.add(Arrays.deepToString(r)));
        rows.sort(String::compareTo);
        Path orphan = lake.resolve("bronze/things/part-00000-orphan.c000.snappy.parquet");
        Files.copy(lake.resolve("bronze/things").resolve(t.files().get(0).path()), orphan);
        Files.setLastModifiedTime(orphan, FileTime.from(
                Instant.now().minus(Duration.ofHours(30))));
        long orphanBytes = Files.size(orphan);

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("maintain", "--lake", lake.toString(), "--retention-hours", "24"), out));
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("older than 24 hours"), text);
        String line = text.lines().filter(l -> l.startsWith("bronze/things ")).findFirst().orElseThrow();
        assertEquals(List.of("bronze/things", "12", "1", "12->1", "1", String.format("%.2f", orphanBytes / 1e6), "13",
                "committed"), List.of(line.trim().split("\\s+")), line);
        assertTrue(text.contains("12 small files compacted into 1, 1 files vacuumed (" + String.format("%,d", orphanBytes)
                + " bytes freed)"), text);
        assertFalse(Files.exists(orphan));
        List<String> after = new ArrayList<>();
        t.readAll().forEach(r -> after.add(Arrays.deepToString(r)));
        after.sort(String::compareTo);
        assertEquals(rows, after);
    }

    static Map<String, List<String>> snapshot(Lake lake) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Dataset d : Dataset.values()) {
            LakeTable t = lake.table(d.bronzePath());
            List<String> rows = new ArrayList<>();
            for (Object[] r : t.readAll()) {
                Object[] content = Arrays.copyOf(r, r.length - 1); // all but _ingested_at
                rows.add(Arrays.deepToString(content));
            }
            rows.sort(String::compareTo);
            out.put(d.bronzePath(), rows);
        }
        List<String> silver = new ArrayList<>();
        for (Object[] r : lake.table(SilverStage.TABLE).readAll()) {
            silver.add(Arrays.deepToString(Arrays.copyOf(r, r.length - 1)));
        }
        silver.sort(String::compareTo);
        out.put(SilverStage.TABLE, silver);
        return out;
    }

    /** Records in a landing folder, counted independently of the pipeline: non-blank lines less CSV headers. */
    static long landedRecords(Path folder, boolean header) throws IOException {
        long n = 0;
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                byte[] content = Files.readAllBytes(f);
                long lines = 0;
                for (String line : new String(content, StandardCharsets.ISO_8859_1).split("\r?\n|\r")) {
                    if (!line.isBlank()) {
                        lines++;
                    }
                }
                n += header ? lines - 1 : lines;
            }
        }
        return n;
    }

    @Test
    void everyDatasetAccountsForEveryRecordIncludingBadOnes() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", landing.toString(), "--scale", "0.3", "--seed", "11",
                "--bad-fraction", "0.05"), out));
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()), out));
        Lake l = DeltaLake.open(lake.toString());
        Map<String, Long> quarantined = new TreeMap<>();
        for (Object[] q : l.table("_system/quarantine").readAll()) {
            quarantined.merge((String) q[0], 1L, Long::sum);
        }
        for (Dataset d : Dataset.values()) {
            long landed = landedRecords(landing.resolve(d.folder()),
                    d.format() == Format.CSV_WITH_HEADER);
            long bronze = l.table(d.bronzePath()).readAll().size();
            long q = quarantined.getOrDefault(d.folder(), 0L);
            assertTrue(q > 0, d + " has quarantined records");
            assertTrue(bronze > q, d + " has mostly good records");
            assertEquals(landed, bronze + q, d + ": landed = bronze + quarantined");
        }
    }

    @Test
    void runningTwiceOnTheSameLandingLeavesEveryTableUnchanged() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", landing.toString(), "--scale", "0.2", "--seed", "7"), out));
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString(),
                "--partitions", "3", "--batch-size", "150"), out));
        Lake l = DeltaLake.open(lake.toString());
        Map<String, List<String>> first = snapshot(l);
        Map<String, Long> versions = new TreeMap<>();
        for (String t : first.keySet()) {
            versions.put(t, l.table(t).version());
        }
        assertTrue(first.get(SilverStage.TABLE).size() > 1000, "Silver scored the campaign tweets");
        assertEquals(2000, first.get(Dataset.TWEETS.bronzePath()).size()
                + l.table("_system/quarantine").readAll().stream().filter(r -> "tweets".equals(r[0])).count());
        // a redelivery with another batch size and partition count is the same data: it changes nothing
        buf.reset();
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString(),
                "--partitions", "5", "--batch-size", "70"), out));
        assertEquals(first, snapshot(l));
        for (String t : first.keySet()) {
            assertEquals(versions.get(t), l.table(t).version(), t + " got no new commit");
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("tweets: nothing new, every record was landed before (a redelivery)"), text);
        assertTrue(text.lines().anyMatch(x -> x.matches("tweets +2,000 +0 +0 +2,000 +0  yes")), text);
        assertFalse(text.contains("NO:"), text);

        // the correctness guard: Gold equals its recomputation, and a duplicated Gold row is reported
        buf.reset();
        assertEquals(0, Main.run(List.of("verify", "--lake", lake.toString()), out), buf.toString(StandardCharsets.UTF_8));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("all refreshed Gold tables equal their recomputation"));
        LakeTable revenue = l.table("gold/country_wise_revenue");
        Object[] row = revenue.readAll().get(0);
        revenue.append(List.<Object[]>of(row), List.of());
        buf.reset();
        assertEquals(1, Main.run(List.of("verify", "--lake", lake.toString()), out));
        String report = buf.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("gold/country_wise_revenue") && report.contains("differs"), report);
        assertTrue(report.contains("unexpected " + Arrays.toString(row)), report);
        assertTrue(report.contains("1 Gold table(s) differ"), report);

        // --repair rebuilds the differing table only, and verifies again
        long otherVersion = l.table("gold/campaign_per_week").version();
        buf.reset();
        assertEquals(0, Main.run(List.of("verify", "--lake", lake.toString(), "--repair"), out), buf.toString(StandardCharsets.UTF_8));
        String repaired = buf.toString(StandardCharsets.UTF_8);
        assertTrue(repaired.contains("repairing: rebuilding gold/country_wise_revenue from scratch"), repaired);
        assertTrue(repaired.endsWith("all refreshed Gold tables equal their recomputation" + System.lineSeparator()), repaired);
        assertEquals(otherVersion, l.table("gold/campaign_per_week").version(), "tables that were right are left alone");
        buf.reset();
        assertEquals(0, Main.run(List.of("verify", "--lake", lake.toString()), out), buf.toString(StandardCharsets.UTF_8));
    }

    static long count(Lake l, String table) {
        return l.table(table).readAll().size();
    }

    /** Records of a dataset landed: its Bronze rows and its quarantined records. */
    static long landed(Lake l, Dataset d) {
        return count(l, d.bronzePath())
                + l.table("_system/quarantine").readAll().stream().filter(r -> d.folder().equals(r[0])).count();
    }

    static long tweets(Lake l) {
        return landed(l, Dataset.TWEETS);
    }

    @Test
    void newTweetsFromAnotherLandingFolderLandAndRenamedFilesLandAgain() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Path lake = dir.resolve("lake");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", first.toString(), "--scale", "0.1", "--seed", "1"), out));
        assertEquals(0, Main.run(List.of("generate", "--out", second.toString(), "--scale", "0.1", "--seed", "2"), out));
        assertEquals(0, Main.run(List.of("run", "--landing", first.toString(), "--lake", lake.toString()), out));
        Lake l = DeltaLake.open(lake.toString());
        assertEquals(1000, tweets(l));
        // other tweets under the same file names, from another folder, with another partition count: new events
        buf.reset();
        assertEquals(0, Main.run(List.of("run", "--landing", second.toString(), "--lake", lake.toString(),
                "--partitions", "2"), out), buf.toString(StandardCharsets.UTF_8));
        assertEquals(2000, tweets(l), buf.toString(StandardCharsets.UTF_8));
        assertTrue(buf.toString(StandardCharsets.UTF_8).lines().anyMatch(x -> x.matches("tweets +1,000 +[0-9,]+ +[0-9,]+ +0 +0  yes")),
                buf.toString(StandardCharsets.UTF_8));
        // the first folder again, copied elsewhere: a redelivery
        Path copy = dir.resolve("copy");
        copyTree(first, copy);
        assertEquals(0, Main.run(List.of("run", "--landing", copy.toString(), "--lake", lake.toString(), "--partitions", "1"), out));
        assertEquals(2000, tweets(l));
        long sales = landed(l, Dataset.SALES);
        long renamedRecords;
        // a renamed copy of a file is another file: it lands again (what identifies a file: path + content hash)
        try (var files = Files.list(copy.resolve("sales"))) {
            Path f = files.findFirst().orElseThrow();
            renamedRecords = LocalRunner.countRecords(Dataset.SALES, Files.readAllBytes(f));
            Files.move(f, f.resolveSibling("renamed-" + f.getFileName()));
        }
        try (var files = Files.list(copy.resolve("tweets"))) {
            Path f = files.findFirst().orElseThrow();
            Files.move(f, f.resolveSibling("renamed-" + f.getFileName()));
        }
        assertEquals(0, Main.run(List.of("run", "--landing", copy.toString(), "--lake", lake.toString()), out));
        assertEquals(sales + renamedRecords, landed(l, Dataset.SALES));
        assertEquals(3000, tweets(l));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void rejectedAndHiddenFilesAreNamedInTheSummaryAndLinksOutOfTheLandingAreNotFollowed() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        Files.createDirectories(landing.resolve("sales"));
        Files.writeString(landing.resolve("sales/good.csv"), "Quantity,Advert,Price,Brand\n1,1,2.5,a\n2,1,2.5,b\n");
        Files.writeString(landing.resolve("sales/bad-header.csv"), "Quantity,Price\n1,2.5\n3,4\n");
        Files.writeString(landing.resolve("sales/.~lock.good.csv#"), "x\n");
        Path outside = dir.resolve("outside.csv");
        Files.writeString(outside, "Quantity,Advert,Price,Brand\n9,9,9,secret\n");
        Files.createSymbolicLink(landing.resolve("sales/link.csv"), outside);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        assertEquals(1, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()), out),
                "a link not followed is a problem to report");
        String text = buf.toString(StandardCharsets.UTF_8);
        // 2 good records, 2 in a rejected file, none in a hidden (rejected) file, whose one line is its header;
        // a brand-new lake: all add up
        assertTrue(text.lines().anyMatch(x -> x.matches("sales +4 +2 +0 +0 +2  yes")), text);
        assertTrue(text.contains("rejected file sales/bad-header.csv: header has 2 columns"), text);
        assertTrue(text.contains("rejected file sales/.~lock.good.csv#: hidden file"), text);
        assertFalse(text.contains("the lake also holds"), text);
        PipelineHolder.closeIfOpen(); // flushes the event log
        Lake l = DeltaLake.open(lake.toString());
        assertEquals(2, count(l, Dataset.SALES.bronzePath()), "the linked file outside the landing folder is not read");
        List<Object[]> log = l.table("_system/event_log").readAll();
        assertTrue(log.stream().anyMatch(r -> "rejected".equals(r[4]) && String.valueOf(r[3]).contains(".~lock")),
                "the hidden file has its event-log row");
    }

    @Test
    void theRunSummaryCountsANullSentimentAnotherEngineWrote() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", landing.toString(), "--scale", "0.05"), out));
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()), out));
        PipelineHolder.closeIfOpen();
        LakeTable silver = DeltaLake.open(lake.toString()).table(SilverStage.TABLE);
        Object[] row = silver.readAll().get(0).clone();
        int label = silver.schema().names().indexOf("mlsentiment");
        row[label] = null; // legal: the column is nullable, as a Spark INSERT may leave it
        silver.append(List.<Object[]>of(row), List.of());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()),
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("NULL=1"), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readOnlyCommandsOnAFolderThatIsNoLakeSaySoAndWriteNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("not-a-lake"));
        Files.writeString(empty.resolve("notes.txt"), "mine");
        for (String command : List.of("status", "verify", "maintain")) {
            Result r = cli(command, "--lake", empty.toString());
            assertOneLineError(r, command + ": no lake at " + empty);
            try (var files = Files.list(empty)) {
                assertEquals(List.of("notes.txt"), files.map(f -> f.getFileName().toString()).toList(),
                        command + " created nothing");
            }
        }
    }

    @Test
    void cloudFailuresAreOneLineNamingTheCauseAndFailFast() throws Exception {
        // the Azure CLI credential, signed out (no az here; where there is one, an empty configuration folder):
        // a sign-in failure that reaches no other host
        Map<String, String> noSignIn = Map.of("LAKEHOUSE_AZURE_CREDENTIAL", "azure-cli",
                "AZURE_CONFIG_DIR", Files.createDirectories(dir.resolve("az-empty")).toString());
        long t0 = System.nanoTime();
        Result status = cli(noSignIn, "status", "--lake", "abfss://lake@wwiexample.dfs.core.windows.net/wwi");
        assertOneLineError(status, "not signed in to Azure");
        assertTrue(status.err.contains("az login"), status.err);
        assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "within 30 s");
        // an Event Hub that is not there (loopback: nothing listens on the AMQP port)
        Path tweets = dir.resolve("t.json");
        Files.writeString(tweets, "{\"city\":\"Oslo\"}\n");
        t0 = System.nanoTime();
        Result send = cli("send", "--hub", "tweets", "--file", tweets.toString(), "--connection-string",
                "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=k;SharedAccessKey=dGVzdA==;EntityPath=tweets");
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertOneLineError(send, "send: ");
        assertTrue(seconds < 30, "send gave up after " + seconds + " s: " + send.err);
    }
}
