package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.LakeViews;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static com.wwi.lakehouse.gold.CampaignSentimentWeeklyTest.tweet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Gold MERGE that loses its commit to a concurrent compaction (which removed the files the MERGE rewrites) is
 * retried from a fresh snapshot; after {@link GoldRefresh#MAX_ATTEMPTS} lost races the run is reported failed in
 * the event log with the reason, the table is left as it was, and the next run catches up.
 */
class GoldConflictRetryTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String TABLE = "gold/twitter_historical_hashtag_data";

    @Test
    void aLostCommitIsRetriedThenReportedAndTheNextRunCatchesUp() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LocalDate d = LocalDate.of(2021, 6, 27);
        silver.append(List.<Object[]>of(tweet("#beach", d, "Positive", 0.9, 1), tweet("#summer", d, "Negative", 0.1, 2)), List.of());
        ConflictingLake lake = new ConflictingLake(p.lake(), TABLE);
        GoldRefresh gold = new GoldRefresh(lake.lake, p.eventLog(), Clock.systemUTC(), LabGraph.GRAPH);
        assertEquals(RunStatus.COMMITTED, runOf(gold).status());

        // one compaction sneaks in before the MERGE commits: the second attempt commits
        silver.append(List.<Object[]>of(tweet("#beach", d, "Positive", 0.8, 1)), List.of());
        lake.conflicts.set(1);
        RunResult retried = runOf(gold);
        assertEquals(RunStatus.COMMITTED, retried.status(), retried.toString());
        assertTrue(retried.message().contains("committed at attempt 2 after losing 1 commit race"), retried.message());
        assertEquals(2L, hashtagCount(p, "#beach"));

        // a compaction before every attempt: the run gives up, says why, and changes nothing
        silver.append(List.<Object[]>of(tweet("#beach", d, "Negative", 0.2, 1)), List.of());
        lake.conflicts.set(GoldRefresh.MAX_ATTEMPTS);
        long txnBefore = p.lake().table(TABLE).txnVersion("gold/" + TABLE).orElseThrow();
        RunResult failed = runOf(gold);
        assertEquals(RunStatus.FAILED, failed.status(), failed.toString());
        assertTrue(failed.message().startsWith("gave up after " + GoldRefresh.MAX_ATTEMPTS + " attempts"), failed.message());
        assertEquals(2L, hashtagCount(p, "#beach"), "a failed run changes no row");
        assertEquals(txnBefore, p.lake().table(TABLE).txnVersion("gold/" + TABLE).orElseThrow());
        p.eventLog().flush();
        assertTrue(p.lake().table(SystemTables.EVENT_LOG).readAll().stream().anyMatch(r -> r[2].equals(TABLE)
                        && r[4].equals("failed") && String.valueOf(r[13]).startsWith("gave up after")),
                "the event log has the failed run with its reason");

        assertEquals(RunStatus.COMMITTED, runOf(gold).status(), "the next run catches up");
        assertEquals(3L, hashtagCount(p, "#beach"));
        GoldVerify.Result v = GoldVerify.verify(p.lake(), LabGraph.GRAPH).stream().filter(r -> r.table().equals(TABLE)).findFirst()
                .orElseThrow();
        assertEquals("ok", v.status(), v.toString());
    }

    static RunResult runOf(GoldRefresh gold) {
        return gold.run().stream().filter(r -> r.table().equals(TABLE)).findFirst().orElseThrow();
    }

    static long hashtagCount(Pipeline p, String hashtag) {
        return p.lake().table(TABLE).readAll().stream().filter(r -> hashtag.equals(r[0])).mapToLong(r -> (Long) r[1])
                .sum();
    }

    /**
     * The real lake, except that before each of the next {@code conflicts} commits to one table that carry a txn,
     * a compaction (same rows in a new file, no data change) of that table commits first, through the real lake.
     */
    static final class ConflictingLake {
        final AtomicInteger conflicts = new AtomicInteger();
        final Lake lake;

        ConflictingLake(Lake inner, String table) {
            this.lake = LakeViews.wrapping(inner, table, t -> LakeViews.intercept(t, Set.of("append", "rewrite"), args -> {
                @SuppressWarnings("unchecked")
                Collection<Txn> txns = (Collection<Txn>) args[args.length == 2 ? 1 : 3];
                if (!txns.isEmpty() && conflicts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    t.rewrite(t.files(), t.readAll(), false, List.of(), "WRITE");
                }
                return null;
            }));
        }
    }
}
