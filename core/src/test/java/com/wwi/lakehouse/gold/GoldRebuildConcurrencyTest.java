package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.LakeViews;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repair ({@code rebuild}) of tampered Gold tables while Silver and campaigns keep arriving and the refresh
 * timer keeps running: whichever commits first, Gold ends equal to its recomputation.
 */
class GoldRebuildConcurrencyTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** Replaces one row of the table with a wrong one, as a bad manual edit would. */
    static boolean tamper(LakeTable gold, Random random) {
        List<Object[]> rows = gold.readAll();
        if (rows.isEmpty()) {
            return false;
        }
        int k = random.nextInt(rows.size());
        Object[] wrong = rows.get(k).clone();
        for (int c = 0; c < wrong.length; c++) {
            if (wrong[c] instanceof Long l) {
                wrong[c] = l + 1000;
                break;
            }
            if (wrong[c] instanceof Double x) {
                wrong[c] = x + 1000;
                break;
            }
            if (wrong[c] instanceof Integer x) {
                wrong[c] = x + 1000;
                break;
            }
        }
        List<Object[]> tampered = new ArrayList<>(rows);
        tampered.set(k, wrong);
        try {
            gold.rewrite(gold.files(), tampered, true, List.of(), "WRITE");
            return true;
        } catch (CommitConflictException lost) {
            return false; // a refresh or compaction came first; tamper another time
        }
    }

    static final String HISTORICAL = "gold/twitter_historical_data";

    /**
     * The race a plain overwrite gets wrong: a refresh planned on older inputs commits its append between the
     * rebuild's planning and its commit. The rebuild's conditional txn makes it lose and plan again; an
     * unconditional overwrite would keep the refresh's file next to rows that already hold the same tweets.
     */
    @Test
    void aRefreshCommittingWhileARebuildPlansMakesTheRebuildPlanAgain() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        Random random = new Random(5);
        List<Object[]> a = GoldIncrementalPropertyTest.silverBatch(random);
        while (a.isEmpty()) {
            a = GoldIncrementalPropertyTest.silverBatch(random);
        }
        silver.append(a, List.of());
        p.gold().run();
        silver.append(List.<Object[]>of(a.get(0).clone(), a.get(0).clone()), List.of());
        long older = silver.version();
        silver.append(List.<Object[]>of(a.get(0).clone()), List.of());

        // the refresh that was planned on the older Silver: it sees Silver at `older`
        Lake olderView = LakeViews.wrapping(p.lake(), SilverStage.TABLE,
                t -> LakeViews.intercept(t, Set.of("version"), args -> older));
        GoldRefresh lateRefresh = new GoldRefresh(olderView, p.eventLog(), Clock.systemUTC(), LabGraph.GRAPH);
        AtomicBoolean raced = new AtomicBoolean();
        Lake racing = LakeViews.wrapping(p.lake(), HISTORICAL, t -> LakeViews.intercept(t,
                Set.of("rewrite"), args -> {
            if (raced.compareAndSet(false, true)) { // commits just before the rebuild's first overwrite
                RunResult r = lateRefresh.run().stream().filter(x -> x.table().equals(HISTORICAL)).findFirst().orElseThrow();
                assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
                assertEquals(2, r.rowsWritten(), "the late refresh appends the two tweets of the older batch");
            }
            return null;
        }));
        RunResult rebuilt = new GoldRefresh(racing, p.eventLog(), Clock.systemUTC(), LabGraph.GRAPH)
                .rebuild(HISTORICAL::equals).get(0);
        assertEquals(RunStatus.COMMITTED, rebuilt.status(), rebuilt.toString());
        assertTrue(raced.get());
        assertEquals(silver.readAll().size(), p.lake().table(HISTORICAL).readAll().size(), "every tweet once");
        assertTrue(rebuilt.message().contains("committed at attempt 2 after losing 1 commit race"), rebuilt.message());
        GoldVerify.Result v = GoldVerify.verify(p.lake(), LabGraph.GRAPH).stream().filter(r -> r.table().equals(HISTORICAL))
                .findFirst().orElseThrow();
        assertEquals("ok", v.status(), v.toString());
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void rebuildRepairsWhileIngestionAndRefreshesRun(long seed) throws Exception {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable campaigns = p.lake().table(Dataset.CAMPAIGNS.bronzePath());
        campaigns.createIfAbsent(Dataset.CAMPAIGNS.bronzeSpec());
        Random setup = new Random(seed);
        silver.append(GoldIncrementalPropertyTest.silverBatch(setup), List.of());
        campaigns.append(GoldIncrementalPropertyTest.campaignBatch(setup), List.of());
        p.gold().run();

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger refreshes = new AtomicInteger();
        Thread appender = new Thread(() -> {
            Random random = new Random(seed * 7);
            try {
                while (!done.get()) {
                    if (random.nextInt(4) > 0) {
                        silver.append(GoldIncrementalPropertyTest.silverBatch(random), List.of());
                    } else {
                        campaigns.append(GoldIncrementalPropertyTest.campaignBatch(random), List.of());
                    }
                    Thread.sleep(10 + random.nextInt(30));
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        Thread refresher = new Thread(() -> {
            try {
                while (!done.get()) {
                    for (RunResult r : p.gold().run()) {
                        if (r.status() == RunStatus.FAILED && !r.message().startsWith("gave up after")) {
                            errors.add(new AssertionError("refresh: " + r));
                        }
                    }
                    refreshes.incrementAndGet();
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        appender.start();
        refresher.start();
        Random random = new Random(seed * 13);
        List<String> tables = LabGraph.GRAPH.goldPaths();
        int rebuilt = 0;
        int tampered = 0;
        Set<String> gaveUp = new HashSet<>();
        for (int round = 0; round < 4 && errors.isEmpty(); round++) {
            String table = tables.get(random.nextInt(tables.size()));
            tampered += tamper(p.lake().table(table), random) ? 1 : 0;
            for (RunResult r : p.gold().rebuild(table::equals)) {
                assertTrue(r.status() == RunStatus.COMMITTED || r.message().startsWith("gave up after"), r.toString());
                rebuilt += r.status() == RunStatus.COMMITTED ? 1 : 0;
                if (r.status() == RunStatus.COMMITTED) {
                    gaveUp.remove(table);
                } else {
                    gaveUp.add(table); // lost every race: repaired below, once the others have stopped
                }
            }
        }
        done.set(true);
        appender.join();
        refresher.join();
        assertEquals(List.of(), List.copyOf(errors));
        for (RunResult r : p.gold().rebuild(gaveUp::contains)) {
            assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        }
        // every table repaired and caught up: a last refresh, then verify
        for (RunResult r : p.gold().run()) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
        }
        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("ok", v.status(), "seed " + seed + ": " + v);
        }
        assertTrue(tampered > 0 && rebuilt > 0 && refreshes.get() > 0,
                tampered + " tampered, " + rebuilt + " rebuilt, " + refreshes.get() + " refreshes");
    }
}
