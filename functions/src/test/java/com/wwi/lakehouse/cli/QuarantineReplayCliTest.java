package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;
import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.view.PipelineView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lakehouse quarantine list | export | replay} as a user runs them: the listing, an export edited and
 * replayed, bad input as one line with exit 2 and nothing written; replay processes SIGKILLed at random moments and
 * run again, and a replay beside an ingestion of new data on the same lake, each lake audited exact
 * (landed = Bronze + unresolved quarantine, nothing twice).
 */
class QuarantineReplayCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Quantity,Advert,Price,Brand\n";

    @TempDir
    Path dir;

    @AfterEach
    void closePipeline() {
        PipelineHolder.closeIfOpen();
    }

    private static CliRunner.Out run(String... args) {
        return CliRunner.capture(args);
    }

    /** {@code n} sales rows, Price cycling 1.5, 2.5, 3.5, 4.5; rows with {@code badEvery} > 0 have no number. */
    private static byte[] sales(int n, int first, int badEvery) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = first; i < first + n; i++) {
            sb.append(badEvery > 0 && i % badEvery == 0 ? "many" : String.valueOf(i)).append(",1,")
                    .append(1.5 + i % 4).append(",brand").append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Lands {@code rows} sales records with an expectation stricter than the lab's (Price below 3 dropped), as an
     * earlier release might have: half of them are quarantined and pass today's expectations. Returns the records.
     */
    private long landWithAStricterRule(Path lake, int rows) {
        Expectation cheap = Expectation.where("price_below_3", "Price < 3", Expectation.Action.DROP, "Price",
                v -> v != null && (Float) v < 3).bind(Dataset.SALES.sourceSchema());
        PipelineGraph strict = PipelineGraph.of(LabGraph.GRAPH.landings().stream().map(l -> l.dataset() == Dataset.SALES
                ? new LandingNode(l.dataset(), concat(l.expectations(), cheap), LandingNode.Drift.RESCUE) : l).toList(),
                List.of());
        try (Pipeline p = Pipeline.open(Settings.local(lake.toString()), null, strict)) {
            byte[] file = sales(rows, 0, 0);
            RunResult r = p.bronze().ingestFile(new LandedFile("sales/old.csv", "e", file.length,
                    () -> new ByteArrayInputStream(file)));
            assertEquals(rows / 2, r.rowsQuarantined(), r.message());
        }
        return rows;
    }

    private static List<Expectation> concat(List<Expectation> a, Expectation b) {
        List<Expectation> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    /** The audit: every record landed once, Bronze + unresolved quarantine = {@code landed}. */
    private static LakeAudit.DatasetCount assertExact(Path lake, long landed) {
        Lake l = Pipeline.openExisting(Settings.local(lake.toString()));
        LakeAudit.Result a = LakeAudit.audit(l);
        LakeAudit.DatasetCount sales = a.datasets().get(Dataset.SALES);
        assertEquals(0, a.duplicates(), a.problems().toString());
        assertEquals(List.of(), a.resolutionProblems());
        assertEquals(landed, sales.landed(), "landed = Bronze " + sales.bronze() + " + unresolved " + sales.quarantined());
        return sales;
    }

    @Test
    void listExportEditAndReplayAsAUserRunsThem() throws Exception {
        Path lake = dir.resolve("lake");
        try (Pipeline p = Pipeline.open(Settings.local(lake.toString()))) {
            byte[] file = sales(8, 1, 4); // lines of 4 and 8 have no number
            p.bronze().ingestFile(new LandedFile("sales/s.csv", "e", file.length, () -> new ByteArrayInputStream(file)));
        }
        CliRunner.Out list = run("quarantine", "list", "--lake", lake.toString());
        assertEquals(0, list.code(), list.text());
        assertTrue(list.text().contains("all records: 2 records, 2 unresolved, 0 resolved by a replay"), list.text());
        assertTrue(list.text().contains("       2  sales schema: column Quantity: cannot read 'many' as int"), list.text());
        assertTrue(list.text().contains("landing/sales/s.csv:5"), list.text());
        assertTrue(run("quarantine", "list", "--lake", lake.toString(), "--dataset", "churn").text()
                .contains("dataset=churn: 0 records"));

        // as they are, the records still fail: nothing lands, one line per reason
        CliRunner.Out asIs = run("quarantine", "replay", "--lake", lake.toString());
        assertEquals(0, asIs.code(), asIs.text());
        assertTrue(asIs.text().contains("       2  sales schema: column Quantity: cannot read 'many' as int"), asIs.text());
        assertTrue(asIs.text().contains("nothing new landed in Bronze"), asIs.text());

        Path export = dir.resolve("edits/sales.jsonl");
        CliRunner.Out exported = run("quarantine", "export", "--lake", lake.toString(), "--dataset", "sales", "--out",
                export.toString());
        assertEquals(0, exported.code(), exported.text());
        List<String> lines = Files.readAllLines(export);
        assertEquals(2, lines.size());
        List<String> edited = new ArrayList<>();
        for (String line : lines) { // the user fixes the first record only
            ObjectNode o = (ObjectNode) JSON.readTree(line);
            if (edited.isEmpty()) {
                o.put("payload", o.get("payload").asText().replace("many", "40"));
            }
            edited.add(JSON.writeValueAsString(o));
        }
        Files.write(export, edited);
        CliRunner.Out replayed = run("quarantine", "replay", "--lake", lake.toString(), "--edited", export.toString());
        assertEquals(0, replayed.code(), replayed.text());
        assertTrue(replayed.text().lines().anyMatch(l -> l.matches("sales\\s+1\\s+0\\s+1")), replayed.text());
        assertTrue(replayed.text().contains("landed 1 records in Bronze"), replayed.text());
        assertExact(lake, 8);
        CliRunner.Out again = run("quarantine", "replay", "--lake", lake.toString(), "--edited", export.toString());
        assertTrue(again.text().contains("1 selected records were resolved before: left alone"), again.text());
        assertEquals(7, assertExact(lake, 8).bronze());
        CliRunner.Out after = run("quarantine", "list", "--lake", lake.toString());
        assertTrue(after.text().contains("2 records, 1 unresolved, 1 resolved by a replay"), after.text());
        assertTrue(after.text().contains(" edited "), after.text());
        // status and the page count the resolved record apart
        CliRunner.Out status = run("status", "--lake", lake.toString());
        assertTrue(status.text().contains("quarantine: 2 records, 1 unresolved, 1 resolved by a replay"), status.text());
        Lake l = Pipeline.openExisting(Settings.local(lake.toString()));
        JsonNode page = new PipelineView(l, l.root(), LabGraph.GRAPH, Clock.systemUTC()).build().get("quarantine");
        assertEquals(1, page.get("resolved").asLong());
        assertEquals(1, page.get("counts").get(0).get("count").asLong(), "the groups count what is still bad");
        // one event-log row per replay
        assertEquals(3, EventLog.latestRuns(l, 100).stream().filter(r -> r.stage().label().equals("replay")).count());
        // a second export refuses to overwrite the edits
        CliTest.assertOneLineError(CliTest.cli("quarantine", "export", "--lake", lake.toString(), "--out",
                export.toString()), "exists");
    }

    @Test
    void badInputIsOneLineExitTwoAndWritesNothing() throws Exception {
        Path lake = dir.resolve("lake");
        landWithAStricterRule(lake, 8);
        Map<String, Long> before = files(lake);
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"id\": \"0123\", \"payload\": \"1,1,2.5,x\"\n");
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"id\":\"0123456789abcdef0123456789abcdef\",\"payload\":\"1,1,2.5,x\"}\n");
        String l = lake.toString();
        for (String[] c : new String[][]{
                {"unknown dataset 'invoices'", "quarantine", "list", "--lake", l, "--dataset", "invoices"},
                {"unknown dataset 'invoices'", "quarantine", "replay", "--lake", l, "--dataset", "invoices"},
                {"unknown dataset 'invoices'", "quarantine", "export", "--lake", l, "--dataset", "invoices", "--out",
                        dir.resolve("x.jsonl").toString()},
                {"cannot read 'last tuesday' as a time", "quarantine", "replay", "--lake", l, "--since", "last tuesday"},
                {"cannot read '2026-02-30' as a time", "quarantine", "list", "--lake", l, "--since", "2026-02-30"},
                {"unknown kind 'typo'", "quarantine", "export", "--lake", l, "--kind", "typo", "--out",
                        dir.resolve("x.jsonl").toString()},
                {"broken.jsonl line 1: not JSON", "quarantine", "replay", "--lake", l, "--edited", broken.toString()},
                {"no quarantined record has id 0123456789abcdef0123456789abcdef", "quarantine", "replay", "--lake", l,
                        "--edited", unknown.toString()},
                {"give one or the other", "quarantine", "replay", "--lake", l, "--edited", unknown.toString(), "--kind",
                        "schema"},
                {"no lake at", "quarantine", "replay", "--lake", dir.resolve("nothing").toString()},
                {"which subcommand?", "quarantine"}}) {
            CliTest.Result r = CliTest.cli(List.of(c).subList(1, c.length).toArray(String[]::new));
            CliTest.assertOneLineError(r, c[0]);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
        }
        assertEquals(before, files(lake), "nothing written");
        assertFalse(Files.exists(dir.resolve("x.jsonl")));
        assertFalse(Files.exists(dir.resolve("nothing")));
        for (String sub : List.of("list", "export", "replay")) {
            CliRunner.Out help = run("quarantine", sub, "--help");
            assertEquals(0, help.code());
            assertTrue(help.text().contains("Usage: ./lakehouse quarantine " + sub), help.text());
        }
    }

    /** Every file under the lake with its size (the event log included: a bad command records no run). */
    private static Map<String, Long> files(Path lake) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(lake)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(lake.relativize(f).toString(), Files.size(f));
            }
        }
        return out;
    }

    /** {@code ./lakehouse} in its own JVM, output to a log file. */
    private Process start(String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                Main.class.getName()));
        cmd.addAll(List.of(args));
        File log = dir.resolve(name + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static long commits(Path log) throws IOException {
        try (Stream<Path> s = Files.list(log)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    private String log(String name) throws IOException {
        return Files.readString(dir.resolve(name + ".log"));
    }

    @Test
    void aReplaySigkilledAtRandomMomentsAndRunAgainLandsEachRecordOnce() throws Exception {
        Path lake = dir.resolve("lake");
        long records = landWithAStricterRule(lake, 1_200); // 600 quarantined, all passing today's rules
        Random random = new Random(20261207);
        Path bronzeLog = lake.resolve("bronze/" + Dataset.SALES.bronzeTable() + "/_delta_log");
        int killed = 0;
        boolean midway = false;
        List<String> atKills = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long commits = commits(bronzeLog);
            Process p = start("kill-" + i, "quarantine", "replay", "--lake", lake.toString(), "--batch-size", "15");
            // kill at a random moment once the replay has begun to commit (its start, a JVM and the lake, takes longer
            // on a busy machine than the replay itself)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && commits(bronzeLog) == commits && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (p.waitFor(random.nextInt(1_000), TimeUnit.MILLISECONDS)) {
                assertEquals(0, p.exitValue(), log("kill-" + i));
                break; // it finished first: nothing left to kill
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            killed++;
            // between the kills too: every record once, in Bronze or unresolved in quarantine
            LakeAudit.DatasetCount c = assertExact(lake, records);
            long pending = Quarantine.read(Pipeline.openExisting(Settings.local(lake.toString())), Quarantine.Filter.ALL)
                    .stream().filter(Quarantine.Entry::resolutionPending).count();
            midway |= c.resolved() > 0 && c.resolved() < 600;
            atKills.add(c.resolved() + " resolved (" + pending + " without their resolution row)");
        }
        assertTrue(killed > 0 && midway, "at least one replay was killed mid-way: " + atKills);
        Process rerun = start("rerun", "quarantine", "replay", "--lake", lake.toString(), "--batch-size", "15");
        assertTrue(rerun.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, rerun.exitValue(), log("rerun"));
        LakeAudit.DatasetCount done = assertExact(lake, records);
        assertEquals(records, done.bronze(), "every quarantined record landed, once");
        assertEquals(0, done.quarantined());
        assertEquals(600, done.resolved());
        Lake l = Pipeline.openExisting(Settings.local(lake.toString()));
        assertEquals(600, l.table(SystemTables.QUARANTINE_RESOLUTIONS).readAll().size(), "one resolution each");
        assertTrue(Quarantine.read(l, Quarantine.Filter.ALL).stream().allMatch(e -> e.resolved() && e.resolution() != null));
        // and once more: nothing
        CliRunner.Out again = run("quarantine", "replay", "--lake", lake.toString());
        assertTrue(again.text().contains("600 selected records were resolved before"), again.text());
        System.out.println("replay SIGKILLed " + killed + " times (at each kill: " + atKills + "), then run again: "
                + done);
    }

    @Test
    void aReplayBesideAnIngestionOfNewDataLandsBothExactly() throws Exception {
        Path lake = dir.resolve("lake");
        long records = landWithAStricterRule(lake, 800);
        Path landing = dir.resolve("landing");
        Files.createDirectories(landing.resolve("sales"));
        long fresh = 0;
        for (int f = 0; f < 6; f++) { // new data, with bad records of its own
            Files.write(landing.resolve("sales/new-" + f + ".csv"), sales(300, 10_000 + f * 300, 50));
            fresh += 300;
        }
        Process ingest = start("ingest", "run", "--landing", landing.toString(), "--lake", lake.toString());
        Process replay = start("replay", "quarantine", "replay", "--lake", lake.toString(), "--batch-size", "20");
        assertTrue(replay.waitFor(180, TimeUnit.SECONDS));
        assertTrue(ingest.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, replay.exitValue(), log("replay"));
        assertEquals(0, ingest.exitValue(), log("ingest"));
        LakeAudit.DatasetCount c = assertExact(lake, records + fresh);
        assertEquals(400, c.resolved(), "every record of the stricter rule replayed: " + log("replay"));
        assertEquals(6 * 6, c.quarantined(), "the new bad records stay, unresolved");
        assertTrue(log("replay").contains("landed 400 records in Bronze"), log("replay"));
        // a second replay, now that the new bad records are in quarantine too: they still fail, nothing lands twice
        CliRunner.Out again = run("quarantine", "replay", "--lake", lake.toString());
        assertTrue(again.text().contains("      36  sales schema: column Quantity: cannot read 'many' as int"), again.text());
        assertExact(lake, records + fresh);
    }
}
