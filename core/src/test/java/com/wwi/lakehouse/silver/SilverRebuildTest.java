package com.wwi.lakehouse.silver;

import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static com.wwi.lakehouse.silver.SilverStageTest.assertConverged;
import static com.wwi.lakehouse.silver.SilverStageTest.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full refresh of Silver ({@code refresh --full-refresh silver/twitter_historical_data}): every Bronze tweet
 * scored again, Gold following in the same refresh, and nothing lost or doubled when the live path or the catch-up
 * commits while it plans.
 */
class SilverRebuildTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** A model after a "fix": another version, and love now reads as negative. */
    static final class FixedScorer implements SentimentScorer {
        @Override
        public List<Score> score(List<String> texts) {
            return texts.stream().map(t -> t.toLowerCase().contains("love") ? new Score(Label.Negative, 0.2, "word-2")
                    : new Score(Label.Positive, 0.8, "word-2")).toList();
        }

        @Override
        public String version() {
            return "word-2";
        }
    }

    /** A scorer that runs {@code hook} once, the first time it is asked to score while armed. */
    static final class HookScorer implements SentimentScorer {
        final SentimentScorer inner;
        Runnable hook;
        boolean armed;

        HookScorer(SentimentScorer inner) {
            this.inner = inner;
        }

        @Override
        public List<Score> score(List<String> texts) {
            if (armed) {
                armed = false;
                hook.run();
            }
            return inner.score(texts);
        }

        @Override
        public String version() {
            return inner.version();
        }
    }

    private static final String SILVER = SilverStage.TABLE;

    @Test
    void everyRowIsScoredAgainAndGoldFollowsInTheSameRefresh() {
        Pipeline first = pipelines.open(Settings.local(dir.toString()), new SilverStageTest.WordScorer());
        for (int p = 0; p < 3; p++) {
            first.ingestEvents(batch(p, 0, 20));
            first.ingestEvents(batch(p, 20, 45));
        }
        first.gold().run();
        first.close();

        Pipeline fixed = pipelines.open(Settings.local(dir.toString()), new FixedScorer());
        List<RunResult> runs = fixed.refresh(Set.of(SILVER));
        RunResult rebuild = runs.get(0);
        assertEquals(Stage.SILVER_REBUILD, rebuild.stage());
        assertEquals(RunStatus.COMMITTED, rebuild.status(), rebuild.toString());
        assertEquals(135, rebuild.rowsIn(), "every Bronze tweet read");
        assertTrue(rebuild.message().startsWith("rebuilt from bronze version "), rebuild.message());
        LakeTable silver = fixed.lake().table(SILVER);
        List<Object[]> rows = silver.readAll();
        int version = silver.schema().position("model_version");
        int label = silver.schema().position("mlsentiment");
        int tweet = silver.schema().position("tweet");
        assertTrue(rows.stream().allMatch(r -> r[version].equals("word-2")), "every row scored by the fixed model");
        assertTrue(rows.stream().filter(r -> ((String) r[tweet]).contains("love"))
                .allMatch(r -> r[label].equals("Negative")), "with its labels");
        assertConverged(fixed);
        assertEquals(rebuild.rowsWritten(), rows.size());
        assertTrue(runs.stream().skip(1).allMatch(r -> r.stage() == Stage.GOLD_REFRESH), runs.toString());
        assertTrue(runs.stream().filter(r -> r.table().equals("gold/hashtag_sentiment_weekly")).allMatch(r ->
                r.status() == RunStatus.COMMITTED), "Gold read the rebuilt Silver in the same refresh: " + runs);
        assertTrue(GoldVerify.verify(fixed.lake(), fixed.graph()).stream().allMatch(GoldVerify.Result::ok),
                "Gold equals its recomputation from the rebuilt Silver");
        assertEquals(0, fixed.silver().orElseThrow().catchUp().rowsWritten(), "the catch-up finds nothing left");

        // again: the same rows, the refresh counted in Silver's log
        RunResult again = fixed.refresh(Set.of(SILVER)).get(0);
        assertEquals(RunStatus.COMMITTED, again.status(), again.toString());
        assertEquals(1L, silver.txnVersion(SilverStage.FULL_REFRESH).orElseThrow());
        assertConverged(fixed);
    }

    @Test
    void bronzeCommitsSilverMissedAreScoredByTheRebuild() {
        Pipeline live = pipelines.open(Settings.local(dir.toString()), new SilverStageTest.WordScorer());
        live.ingestEvents(batch(0, 0, 30));
        live.close();
        Pipeline bronzeOnly = pipelines.open(Settings.local(dir.toString())); // no model: Silver left behind
        bronzeOnly.ingestEvents(batch(1, 0, 30));
        bronzeOnly.ingestEvents(batch(0, 30, 40));
        bronzeOnly.close();
        Pipeline p = pipelines.open(Settings.local(dir.toString()), new SilverStageTest.WordScorer());
        assertEquals(RunStatus.COMMITTED, p.refresh(Set.of(SILVER)).get(0).status());
        assertConverged(p);
        RunResult catchUp = p.silver().orElseThrow().catchUp();
        assertEquals(0, catchUp.rowsWritten(), "the rebuild recorded every Bronze txn it covered: " + catchUp);
        assertConverged(p);
    }

    @Test
    void newerBatchesTheLivePathScoresMeanwhileAreKept() {
        HookScorer scorer = new HookScorer(new SilverStageTest.WordScorer());
        Pipeline p = pipelines.open(Settings.local(dir.toString()), scorer);
        p.ingestEvents(batch(0, 0, 30));
        p.ingestEvents(batch(1, 0, 30));
        // while the rebuild scores, two new batches land and the live path scores them into Silver
        scorer.hook = () -> {
            p.ingestEvents(batch(0, 30, 50));
            p.ingestEvents(batch(2, 0, 10));
        };
        scorer.armed = true;
        RunResult r = p.silver().orElseThrow().rebuild();
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().contains("kept 1 round(s) of newer appends"), r.message());
        assertEquals(60, r.rowsIn(), "the rebuild read Bronze before the new batches");
        assertConverged(p); // the new batches are in Silver once, from the live path
        assertEquals(0, p.silver().orElseThrow().catchUp().rowsWritten());
    }

    @Test
    void aCatchUpOfOlderCommitsMeanwhileMakesItPlanAgainAndDoublesNothing() {
        Pipeline bronzeOnly = pipelines.open(Settings.local(dir.toString()));
        bronzeOnly.ingestEvents(batch(0, 0, 30));
        bronzeOnly.ingestEvents(batch(1, 0, 30));
        bronzeOnly.close();
        HookScorer scorer = new HookScorer(new SilverStageTest.WordScorer());
        Pipeline p = pipelines.open(Settings.local(dir.toString()), scorer);
        // while the rebuild scores, the catch-up timer scores the same Bronze commits into Silver
        scorer.hook = () -> assertEquals(RunStatus.COMMITTED, p.silver().orElseThrow().catchUp().status());
        scorer.armed = true;
        RunResult r = p.silver().orElseThrow().rebuild();
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertTrue(r.message().contains("committed at plan 2"), r.message());
        assertConverged(p);
    }

    @Test
    void aTableAFullRefreshCannotRebuildIsRefusedAndNothingIsWritten() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()), new SilverStageTest.WordScorer());
        p.ingestEvents(batch(0, 0, 10));
        long before = p.lake().table(SILVER).version();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.refresh(Set.of("bronze/twitter_historical_data")));
        assertTrue(e.getMessage().startsWith("a full refresh of bronze/twitter_historical_data reads its landed files"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.refresh(Set.of("gold/nope")));
        assertTrue(e.getMessage().startsWith("no table gold/nope in the graph"), e.getMessage());
        assertTrue(e.getMessage().contains("a full refresh rebuilds bronze/twitter_historical_data, "), e.getMessage());
        assertTrue(e.getMessage().contains(", " + SILVER + ", gold/"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> p.refresh(Set.of("_system/event_log")));
        assertTrue(e.getMessage().startsWith("_system/event_log is a system table, which the pipeline keeps itself"),
                e.getMessage());
        assertEquals(before, p.lake().table(SILVER).version());

        List<RunResult> runs = p.refresh(Set.of("gold/campaign_per_week"));
        for (RunResult r : runs) {
            assertEquals(r.table().equals("gold/campaign_per_week") ? Stage.GOLD_REBUILD
                    : r.table().equals(SILVER) ? Stage.SILVER : Stage.GOLD_REFRESH, r.stage(), r.toString());
        }
    }
}
