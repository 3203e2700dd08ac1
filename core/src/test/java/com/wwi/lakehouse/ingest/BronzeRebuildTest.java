package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.Layer;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.landing.LocalLandingStore;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full refresh of a Bronze table from its landed files ({@code refresh --full-refresh bronze/...}): the same
 * rows from the same code, records moved by a fix, files read from the landing folder and the archive, other
 * sources and replayed records left as they are, refusals that write nothing, appends and compactions meanwhile,
 * and a rebuild killed between its two commits.
 */
class BronzeRebuildTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** Three good sales, one without a brand (dropped by valid_brand), one whose quantity is not a number. */
    static final String A = "Quantity,Advert,Price,Brand\n1,0,2.5,tropicana\n2,1,3.5,dominicks\n3,0,1.5,\n"
            + "x,1,2.0,minute.maid\n4,1,4.5,tropicana\n";
    static final String B = "Quantity,Advert,Price,Brand\n5,0,2.5,dominicks\n6,1,,minute.maid\n";

    private Path landing;
    private LocalLandingStore store;

    /** Lands a.csv (then archived) and b.csv (left in landing) into the sales Bronze table. */
    private Pipeline landSales() throws IOException {
        landing = dir.resolve("landing");
        Files.createDirectories(landing.resolve("sales"));
        Files.writeString(landing.resolve("sales/a.csv"), A);
        Files.writeString(landing.resolve("sales/b.csv"), B);
        store = new LocalLandingStore(landing);
        Pipeline p = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("sales/a.csv")).status());
        store.moveAway("sales/a.csv", false, null);
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("sales/b.csv")).status());
        return p;
    }

    /** The lab's graph with no expectation on sales: brand-less sales are welcome now. */
    private static PipelineGraph relaxed() {
        return PipelineGraph.of(LabGraph.GRAPH.landings().stream()
                .map(l -> l.dataset() == Dataset.SALES ? new LandingNode(l.dataset(), List.of(), LandingNode.Drift.RESCUE)
                        : l).toList(), LabGraph.GRAPH.tables().stream().filter(t -> t.layer() != Layer.BRONZE).toList());
    }

    private static BronzeRebuild rebuild(Pipeline p, LocalLandingStore store) {
        return new BronzeRebuild(p.lake(), p.eventLog(), Clock.systemUTC(), p.bronze(), List.of(store));
    }

    /** Bronze rows without {@code _ingested_at}, sorted: what a rebuild with the same code must give again. */
    private static List<String> bronzeRows(Pipeline p, Dataset d) {
        LakeTable t = p.lake().table(d.bronzePath());
        int ingested = t.schema().position("_ingested_at");
        List<String> out = new ArrayList<>();
        t.scan(t.files(), r -> {
            Object[] c = r.clone();
            c[ingested] = null;
            out.add(Arrays.deepToString(c));
        });
        out.sort(null);
        return out;
    }

    /** The dataset's quarantine rows without the time and run that made them, sorted. */
    private static List<String> quarantineRows(Pipeline p, Dataset d) {
        TableSchema s = SystemTables.QUARANTINE_SCHEMA;
        LakeTable t = p.lake().table(SystemTables.QUARANTINE);
        List<String> out = new ArrayList<>();
        t.scan(t.files(), r -> {
            if (d.folder().equals(r[s.position("dataset")])) {
                Object[] c = r.clone();
                c[s.position("quarantined_at")] = null;
                c[s.position("run_id")] = null;
                out.add(Arrays.deepToString(c));
            }
        });
        out.sort(null);
        return out;
    }

    private static void assertExact(Pipeline p, Dataset d, long landed) {
        LakeAudit.Result a = LakeAudit.audit(p.lake());
        assertEquals(0, a.duplicates());
        assertEquals(List.of(), a.resolutionProblems());
        assertEquals(landed, a.datasets().get(d).landed(), "landed = Bronze + unresolved quarantine");
    }

    @Test
    void theSameCodeGivesTheSameRowsAndAFixMovesRecordsFromQuarantineToBronze() throws IOException {
        Pipeline p = landSales();
        List<String> bronzeBefore = bronzeRows(p, Dataset.SALES);
        List<String> quarantineBefore = quarantineRows(p, Dataset.SALES);
        assertEquals(5, bronzeBefore.size());
        assertEquals(2, quarantineBefore.size());
        assertExact(p, Dataset.SALES, 7);

        RunResult same = rebuild(p, store).rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, same.status(), same.toString());
        assertEquals(Stage.BRONZE_REBUILD, same.stage());
        assertTrue(same.message().startsWith("rebuilt from 2 file(s) (1 from the archive, 1 still in landing): 5 rows"
                + " (were 5), 2 quarantined (were 2)"), same.message());
        assertEquals(bronzeBefore, bronzeRows(p, Dataset.SALES), "the same files through the same code");
        assertEquals(quarantineBefore, quarantineRows(p, Dataset.SALES));
        assertEquals(0L, p.lake().table(Dataset.SALES.bronzePath()).txnVersion("bronze-rebuild/sales").orElseThrow());
        assertEquals(0L, p.lake().table(SystemTables.QUARANTINE).txnVersion("bronze-rebuild/sales").orElseThrow());
        assertExact(p, Dataset.SALES, 7);
        p.close();

        // valid_brand dropped from the graph: the brand-less sale is in Bronze now, the bad quantity stays set aside
        Pipeline fixed = pipelines.open(Settings.local(dir.resolve("lake").toString()), null, relaxed());
        RunResult moved = rebuild(fixed, store).rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, moved.status(), moved.toString());
        assertEquals(6, moved.rowsWritten());
        assertEquals(1, moved.rowsQuarantined());
        assertEquals(7, moved.rowsIn());
        List<String> quarantined = quarantineRows(fixed, Dataset.SALES);
        assertEquals(1, quarantined.size());
        assertTrue(quarantined.get(0).contains("x,1,2.0,minute.maid"), quarantined.toString());
        assertEquals(1, bronzeRows(fixed, Dataset.SALES).stream().filter(r -> r.startsWith("[3, 0, 1.5, null,"))
                .count(), "the brand-less sale, once: " + bronzeRows(fixed, Dataset.SALES));
        assertEquals(1L, fixed.lake().table(Dataset.SALES.bronzePath()).txnVersion("bronze-rebuild/sales")
                .orElseThrow());
        assertExact(fixed, Dataset.SALES, 7);
    }

    @Test
    void refreshRebuildsBronzeThenRecomputesTheGoldTablesReadingIt() throws IOException {
        Pipeline p = landSales();
        StringBuilder weeks = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            weeks.append(i + 1).append(",2021-0").append(1 + i % 6).append("-0").append(1 + i % 7).append(",")
                    .append(1000 + i % 4).append(",").append(i % 2 == 0 ? "tropicana" : "dominicks").append(",")
                    .append(100 + i).append(",").append(i % 3 == 0 ? 1 : 0).append(",2.5,").append(250 + i)
                    .append("\n");
        }
        weeks.append("41,,1001,tropicana,1,0,2.5,2.5\n"); // no week: dropped by valid_week
        Files.createDirectories(landing.resolve("store-transactions"));
        Files.writeString(landing.resolve("store-transactions/w.csv"), weeks);
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("store-transactions/w.csv")).status());
        p.gold().run();
        p.close();

        Pipeline again = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        String table = Dataset.STORE_TRANSACTIONS.bronzePath();
        List<RunResult> runs = again.refresh(Set.of(table), Progress.NONE, List.of(store));
        assertEquals(table, runs.get(0).table());
        assertEquals(RunStatus.COMMITTED, runs.get(0).status(), runs.get(0).toString());
        for (RunResult r : runs) {
            assertTrue(!r.failed(), r.toString());
        }
        List<String> recomputed = runs.stream().filter(r -> r.message() != null && r.message().contains("recomputed"))
                .map(RunResult::table).sorted().toList();
        assertEquals(List.of("gold/sales_test", "gold/sales_train", "silver/sales_rank_data"), recomputed,
                "the tables reading " + table + " follow in the same refresh: " + runs);
        for (GoldVerify.Result v : GoldVerify.verify(again.lake(), LabGraph.GRAPH)) {
            assertTrue(v.verdict() == GoldVerify.Verdict.OK || v.verdict() == GoldVerify.Verdict.NOT_REFRESHED,
                    v.toString());
        }
        assertExact(again, Dataset.STORE_TRANSACTIONS, 41);
        // without a landing store, a Bronze table cannot be rebuilt: said before anything is written
        long version = again.lake().table(table).version();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> again.refresh(Set.of(table), Progress.NONE, null));
        assertTrue(e.getMessage().contains("reads its landed files"), e.getMessage());
        assertEquals(version, again.lake().table(table).version());
    }

    @Test
    void aFileInNeitherLandingNorArchiveRefusesTheRebuildAndNothingIsWritten() throws IOException {
        Pipeline p = landSales();
        Files.delete(dir.resolve("archive/sales/a.csv"));
        long bronzeVersion = p.lake().table(Dataset.SALES.bronzePath()).version();
        long quarantineVersion = p.lake().table(SystemTables.QUARANTINE).version();
        RunResult r = rebuild(p, store).rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.message().contains("bronze/sales_after_campaign_data cannot be rebuilt: 1 of its landed files are"
                + " in neither"), r.message());
        assertTrue(r.message().contains("not found: sales/a.csv"), r.message());
        assertEquals(bronzeVersion, p.lake().table(Dataset.SALES.bronzePath()).version());
        assertEquals(quarantineVersion, p.lake().table(SystemTables.QUARANTINE).version());

        // a file being landed (a chunk committed, not the last) refuses it too
        Files.writeString(dir.resolve("archive/sales/a.csv"), A);
        p.lake().table(Dataset.SALES.bronzePath()).append(List.of(), List.of(new Txn("landing/sales/0123", 0)));
        r = rebuild(p, store).rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(r.message().contains("a file is being landed (chunk 0 committed)"), r.message());
    }

    @Test
    void otherSourcesAndRecordsAReplayLandedAreLeftAsTheyAre() throws IOException {
        Pipeline p = landSales();
        // the brand-less sale replayed with a brand typed in by hand
        Quarantine.Entry brandless = Quarantine.read(p.lake(), Quarantine.Filter.ALL).stream()
                .filter(e -> e.record().raw().equals("3,0,1.5,")).findFirst().orElseThrow();
        QuarantineReplay.Outcome o = p.quarantineReplay(10).replayEdited(Map.of(brandless.id(),
                new QuarantineReplay.Edit(brandless.id(), "3,0,1.5,tropicana".getBytes(StandardCharsets.UTF_8),
                        "3,0,1.5,tropicana")), "test", Progress.NONE);
        assertEquals(1, o.landed());
        // and a tweets file landed beside Event Hub batches
        Files.createDirectories(landing.resolve("tweets"));
        Files.writeString(landing.resolve("tweets/t.json"), "{\"time\":\"2021-12-31T22:30:00Z\",\"tweet\":\"#GoGreen file\","
                + "\"city\":\"Oslo\"}\n");
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("tweets/t.json")).status());
        p.bronze().ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", List.of(new EventBatch.Event(
                "{\"time\":\"2021-12-31T22:30:00Z\",\"tweet\":\"#GoGreen hub\",\"city\":\"Oslo\"}"
                        .getBytes(StandardCharsets.UTF_8), 0, "0", null))));
        for (Dataset d : List.of(Dataset.SALES, Dataset.TWEETS)) { // compacted: rows of every source in one file
            LakeTable t = p.lake().table(d.bronzePath());
            t.rewrite(t.files(), t.readAll(), false, List.of(), "OPTIMIZE");
            assertEquals(1, t.files().size());
        }
        List<String> salesBefore = bronzeRows(p, Dataset.SALES);
        List<String> tweetsBefore = bronzeRows(p, Dataset.TWEETS);
        assertEquals(2, tweetsBefore.size());
        p.close();

        Pipeline fixed = pipelines.open(Settings.local(dir.resolve("lake").toString()), null, relaxed());
        RunResult r = rebuild(fixed, store).rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().contains("1 record(s) a replay landed left as they are"), r.message());
        assertEquals(salesBefore, bronzeRows(fixed, Dataset.SALES), "the edited row stays; the raw line does not come"
                + " back beside it");
        assertExact(fixed, Dataset.SALES, 7);

        RunResult t = rebuild(fixed, store).rebuild(Dataset.TWEETS, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, t.status(), t.toString());
        assertTrue(t.message().startsWith("rebuilt from 1 file(s)"), t.message());
        assertTrue(t.message().contains("1 row(s) of other sources written again as they were"), t.message());
        assertEquals(tweetsBefore, bronzeRows(fixed, Dataset.TWEETS), "the Event Hub row as it was, the file's again");
    }

    @Test
    void aTableOfEventHubBatchesOnlyHasNothingToRebuildAndNothingIsWritten() throws IOException {
        Pipeline p = landSales();
        p.bronze().ingestEvents(new EventBatch("ns", "tweets", "$Default", "0", List.of(new EventBatch.Event(
                "{\"time\":\"2021-12-31T22:30:00Z\",\"tweet\":\"#GoGreen hub\",\"city\":\"Oslo\"}"
                        .getBytes(StandardCharsets.UTF_8), 0, "0", null))));
        long version = p.lake().table(Dataset.TWEETS.bronzePath()).version();
        RunResult r = rebuild(p, store).rebuild(Dataset.TWEETS, Progress.NONE);
        assertEquals(RunStatus.SKIPPED, r.status(), r.toString());
        assertEquals("no landed file recorded: nothing to rebuild (rows of Event Hub batches stay as they landed)",
                r.message());
        assertEquals(version, p.lake().table(Dataset.TWEETS.bronzePath()).version());
    }

    @Test
    void appendsMeanwhileAreKeptAndACompactionMakesItPlanAgain() throws IOException {
        Pipeline p = landSales();
        BronzeRebuild rebuild = rebuild(p, store);
        Files.writeString(landing.resolve("sales/c.csv"), "Quantity,Advert,Price,Brand\n7,0,2.5,tropicana\n");
        rebuild.beforeCommits = () -> {
            rebuild.beforeCommits = () -> { };
            try { // the live path lands a new file while the rebuild reads
                assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("sales/c.csv")).status());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        RunResult r = rebuild.rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().startsWith("rebuilt from 2 file(s)"), "c.csv was not landed when it read: " + r.message());
        assertEquals(6, bronzeRows(p, Dataset.SALES).size(), "c.csv's row kept beside the rebuilt ones");
        assertExact(p, Dataset.SALES, 8);

        // a compaction of Bronze meanwhile: planned again, nothing lost or doubled
        List<String> before = bronzeRows(p, Dataset.SALES);
        LakeTable bronze = p.lake().table(Dataset.SALES.bronzePath());
        rebuild.beforeCommits = () -> {
            rebuild.beforeCommits = () -> { };
            bronze.rewrite(bronze.files(), bronze.readAll(), false, List.of(), "OPTIMIZE");
        };
        r = rebuild.rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().contains("committed at plan 2"), r.message());
        assertTrue(r.message().startsWith("rebuilt from 3 file(s)"), r.message());
        assertEquals(before, bronzeRows(p, Dataset.SALES));
        assertExact(p, Dataset.SALES, 8);
    }

    @Test
    void aNewUploadOfARebuiltPathLandedMeanwhileKeepsItsRecordsInBothTables() throws IOException {
        Pipeline p = landSales();
        BronzeRebuild rebuild = rebuild(p, store);
        // a.csv (archived) uploaded again with other content, landed by the live path while the rebuild reads: its
        // rows and its bad record share the path of rows being rebuilt
        rebuild.beforeCommits = () -> {
            rebuild.beforeCommits = () -> { };
            try {
                Files.writeString(landing.resolve("sales/a.csv"), "Quantity,Advert,Price,Brand\n8,0,2.5,tropicana\n"
                        + "y,0,1.0,dominicks\n");
                assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(store.file("sales/a.csv")).status());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        RunResult r = rebuild.rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().startsWith("rebuilt from 3 file(s) (1 from the archive, 2 still in landing)"), r.message());
        assertTrue(r.message().contains("committed at plan 2"), r.message());
        assertEquals(6, bronzeRows(p, Dataset.SALES).size());
        assertEquals(3, quarantineRows(p, Dataset.SALES).size(), "the new upload's bad record is kept");
        assertExact(p, Dataset.SALES, 9);
    }

    @Test
    void aRebuildKilledBetweenItsTwoCommitsIsReportedAndTheNextOnePutsItRight() throws IOException {
        Pipeline p = landSales();
        p.close();
        Pipeline fixed = pipelines.open(Settings.local(dir.resolve("lake").toString()), null, relaxed());
        BronzeRebuild rebuild = rebuild(fixed, store);
        rebuild.betweenCommits = () -> {
            throw new IllegalStateException("killed");
        };
        RunResult r = rebuild.rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.FAILED, r.status());
        assertTrue(BronzeRebuild.interrupted(fixed.lake(), Dataset.SALES));
        LakeAudit.Result a = LakeAudit.audit(fixed.lake());
        assertEquals(List.of("bronze/sales_after_campaign_data: a rebuild was interrupted after replacing the"
                + " quarantine's records; run refresh --full-refresh bronze/sales_after_campaign_data again"),
                a.resolutionProblems());
        assertNotEquals(7, a.datasets().get(Dataset.SALES).landed(), "the brand-less sale is in neither table now");

        rebuild.betweenCommits = () -> { };
        r = rebuild.rebuild(Dataset.SALES, Progress.NONE);
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(6, bronzeRows(fixed, Dataset.SALES).size());
        assertEquals(1, quarantineRows(fixed, Dataset.SALES).size());
        assertExact(fixed, Dataset.SALES, 7);
        assertEquals(1L, fixed.lake().table(Dataset.SALES.bronzePath()).txnVersion("bronze-rebuild/sales").orElseThrow());
        assertEquals(1L, fixed.lake().table(SystemTables.QUARANTINE).txnVersion("bronze-rebuild/sales").orElseThrow());
    }
}
