package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static com.wwi.lakehouse.gold.CampaignSentimentWeeklyTest.tweet;
import static com.wwi.lakehouse.gold.GoldRefreshTest.show;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * gold/twitter_historical_data is maintained incrementally: each refresh appends only the Silver rows added since
 * the version it consumed, Silver's compactions add nothing twice, and the table is partitioned by date.
 */
class TwitterHistoricalGoldTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String TABLE = "gold/twitter_historical_data";

    static RunResult runOf(Pipeline p) {
        return p.gold().run().stream().filter(r -> r.table().equals(TABLE)).findFirst().orElseThrow();
    }

    static void compact(LakeTable t) {
        t.rewrite(t.files(), t.readAll(), false, List.of(), "WRITE");
    }

    @Test
    void appendsOnlyWhatSilverAddedSinceTheLastRefresh() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LocalDate d1 = LocalDate.of(2021, 6, 27);
        LocalDate d2 = LocalDate.of(2021, 6, 28);
        silver.append(List.of(tweet("#beach", d1, "Positive", 0.9, 1), tweet("#beach", d2, "Negative", 0.1, 2),
                tweet("#fashion", d2, "Neutral", 0.5, 3)), List.of());

        RunResult first = runOf(p);
        assertEquals(RunStatus.COMMITTED, first.status(), first.toString());
        assertEquals(3, first.rowsIn());
        LakeTable gold = p.lake().table(TABLE);
        assertEquals(List.of("date"), gold.partitionColumns());
        Set<String> dates = gold.files().stream().map(DataFile::partitionValues).map(m -> m.get("date"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("2021-06-27", "2021-06-28"), dates);

        silver.append(List.of(tweet("#gogreen", d1, "Positive", 0.8, 4), tweet("#gogreen", d2, "Positive", 0.7, 5)),
                List.of());
        compact(silver); // same rows in new files, no data change: nothing new for Gold
        RunResult second = runOf(p);
        assertEquals(RunStatus.COMMITTED, second.status(), second.toString());
        assertEquals(2, second.rowsIn(), "only the rows added since the last refresh are read");
        assertEquals(show(silver.readAll()), show(gold.readAll()));

        compact(silver);
        RunResult third = runOf(p);
        assertEquals(0, third.rowsIn(), "a compaction of Silver adds nothing: " + third);
        assertEquals(5, gold.readAll().size());
        long version = gold.version();
        assertEquals(RunStatus.SKIPPED, runOf(p).status());
        assertEquals(version, gold.version(), "no new input, no commit");

        GoldVerify.Result verdict = GoldVerify.verify(p.lake(), LabGraph.GRAPH).stream().filter(r -> r.table().equals(TABLE))
                .findFirst().orElseThrow();
        assertEquals("ok", verdict.status(), verdict.toString());
    }

    @Test
    void eachRefreshCompactsThePartitionsItAddedASmallFileToSoEachDateHoldsOneFile() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LocalDate d1 = LocalDate.of(2021, 6, 27);
        LocalDate d2 = LocalDate.of(2021, 6, 28);
        LocalDate d3 = LocalDate.of(2021, 6, 29);
        LakeTable gold = p.lake().table(TABLE);
        int id = 0;
        for (int refresh = 1; refresh <= 5; refresh++) { // every refresh adds rows to every date
            silver.append(List.of(tweet("#beach", d1, "Positive", 0.9, ++id), tweet("#beach", d2, "Negative", 0.1, ++id),
                    tweet("#fashion", d3, "Neutral", 0.5, ++id)), List.of());
            RunResult r = runOf(p);
            assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
            assertEquals(3, gold.files().size(), "one file per date after refresh " + refresh + ": " + r);
            if (refresh > 1) {
                assertEquals(true, r.message().contains("auto compaction: 6 small files into 3"), r.message());
            }
        }
        assertEquals(show(silver.readAll()), show(gold.readAll()), "every row once");
        assertEquals("OPTIMIZE", gold.history(1).get(0).operation(), "a compaction commit of its own");
        long consumed = gold.txnVersion(GoldRefresh.appId(LabGraph.GRAPH.table(TABLE).orElseThrow())).orElse(-1L);
        assertEquals(RunStatus.SKIPPED, runOf(p).status(), "the compaction is no new input");
        assertEquals(consumed, gold.txnVersion(GoldRefresh.appId(LabGraph.GRAPH.table(TABLE).orElseThrow())).orElse(-1L));
        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            if (v.table().equals(TABLE)) {
                assertEquals(GoldVerify.Verdict.OK, v.verdict(), v.toString());
            }
        }
    }
}
