package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static com.wwi.lakehouse.gold.GoldRefreshTest.HEADER;
import static com.wwi.lakehouse.gold.GoldRefreshTest.campaign;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** verify recomputes Gold from the input versions each table consumed and lists the rows that differ. */
class GoldVerifyTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    void land(Pipeline p, String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        RunResult r = p.bronze().ingestFile(new LandedFile(path, "e-" + Arrays.hashCode(b), b.length,
                () -> new ByteArrayInputStream(b)));
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
    }

    static GoldVerify.Result result(List<GoldVerify.Result> results, String table) {
        return results.stream().filter(r -> r.table().equals(table)).findFirst().orElseThrow();
    }

    @Test
    void packingRoundTrips() {
        assertArrayEquals(new long[] {5}, GoldRefresh.unpack(GoldRefresh.pack(0, 5), 1));
        long two = GoldRefresh.pack(GoldRefresh.pack(0, 123_456), (1L << 31) - 1);
        assertArrayEquals(new long[] {123_456, (1L << 31) - 1}, GoldRefresh.unpack(two, 2));
    }

    @Test
    void inputsVacuumedAfterACompactionAreUnverifiableUntilTheNextRefresh() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        for (int i = 0; i < 12; i++) { // small files enough for a compaction of Bronze campaigns
            land(p, "campaigns/c" + i + ".csv", HEADER + campaign("Germany", "fashion", String.valueOf(i), "2021-06-27"));
        }
        p.gold().run();
        var maintenance = p.maintenance(MaintenanceOptions.defaults(1_000_000)
                .withRetention(Duration.ZERO, true));
        assertTrue(maintenance.maintain("bronze/campaign_data").filesCompacted() > 0);
        GoldVerify.Result before = result(GoldVerify.verify(p.lake(), LabGraph.GRAPH), "gold/country_wise_revenue");
        assertEquals(GoldVerify.UNVERIFIABLE, before.status(), before.toString());
        p.gold().run(); // onto the compacted version, which can be read
        for (GoldVerify.Result r : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("ok", r.status(), r.toString());
        }
    }

    @Test
    void reportsNotRefreshedThenOkThenTheRowsThatDiffer() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        for (GoldVerify.Result r : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("not-refreshed", r.status(), r.toString());
        }
        land(p, "campaigns/a.csv", HEADER + campaign("Germany", "fashion", "-5", "2021-06-27")
                + campaign("Japan", "beach", "3", "2021-07-02"));
        land(p, "store-transactions/t.txt", "\"1\",\"1990-06-14\",\"1000\",\"dominicks\",\"1\",\"1\",\"2.5\",\"2.5\"\r\n");
        p.gold().run();
        // input arriving after the refresh is not a difference: verify reads the versions the table consumed
        land(p, "campaigns/b.csv", HEADER + campaign("Brazil", "outdoor", "1", "2021-08-01"));
        List<GoldVerify.Result> results = GoldVerify.verify(p.lake(), LabGraph.GRAPH);
        assertEquals(LabGraph.GRAPH.goldPaths().size(), results.size());
        for (GoldVerify.Result r : results) {
            assertEquals("ok", r.status(), r.toString());
        }
        GoldVerify.Result revenue = result(results, "gold/country_wise_revenue");
        assertEquals(2, revenue.rows());
        assertTrue(revenue.inputVersions().startsWith("bronze/campaign_data@"), revenue.inputVersions());

        // tamper with a Gold table: drop its files and write one wrong row instead
        LakeTable gold = p.lake().table("gold/country_wise_revenue");
        List<Object[]> rows = gold.readAll();
        Object[] wrong = rows.get(0).clone();
        wrong[0] = "Atlantis";
        List<Object[]> tampered = new ArrayList<>(rows.subList(1, rows.size()));
        tampered.add(wrong);
        gold.rewrite(gold.files(), tampered, true, List.of(), "WRITE");

        GoldVerify.Result bad = result(GoldVerify.verify(p.lake(), LabGraph.GRAPH), "gold/country_wise_revenue");
        assertEquals("differs", bad.status());
        assertEquals(1, bad.missingCount());
        assertEquals(1, bad.unexpectedCount());
        assertEquals(List.of(Arrays.toString(rows.get(0))), bad.missing());
        assertEquals(List.of(Arrays.toString(wrong)), bad.unexpected());
        assertTrue(result(GoldVerify.verify(p.lake(), LabGraph.GRAPH), "gold/campaign_per_week").ok());

        // rebuild repairs it, from the inputs as they are now (the campaigns landed after the refresh included)
        for (RunResult r : p.gold().rebuild()) {
            assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        }
        for (GoldVerify.Result r : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("ok", r.status(), r.toString());
        }
        assertEquals(3, p.lake().table("gold/country_wise_revenue").readAll().size(), "Germany, Japan and Brazil");
        assertEquals(RunStatus.SKIPPED, p.gold().run().get(1).status(), "a rebuild records the versions it read");
    }
}
