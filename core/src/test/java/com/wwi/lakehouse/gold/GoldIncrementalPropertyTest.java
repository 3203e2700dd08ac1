package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: after Silver micro-batches of random sizes, Silver compactions, deletes of Silver rows and Gold
 * refreshes in random order, every Gold table (the incrementally appended, the MERGEd sums and the recomputed) equals its from-scratch
 * recomputation, after every refresh.
 */
class GoldIncrementalPropertyTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String[] HASHTAGS = {"#beach", "#Beach", "#fashion", "#gogreen", "#summer", null};
    static final String[] CITIES = {"Seattle", "Paris", "Lima", null};

    static List<Object[]> silverBatch(Random random) {
        List<Object[]> rows = new ArrayList<>();
        int n = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 5 : 60);
        for (int i = 0; i < n; i++) {
            rows.add(CampaignSentimentWeeklyTest.tweet(HASHTAGS[random.nextInt(HASHTAGS.length)],
                    LocalDate.of(2021, 6, 1).plusDays(random.nextInt(40)),
                    random.nextBoolean() ? "Positive" : "Negative", random.nextInt(9) / 8.0,
                    random.nextInt(7)));
            rows.get(i)[3] = CITIES[random.nextInt(CITIES.length)];
            if (random.nextInt(10) == 0) {
                rows.get(i)[5] = null;
            }
        }
        return rows;
    }

    static final String[] CAMPAIGN_NAMES = {"beach", "GoGreen", "gogreen", "fashion", "outdoor"};
    static final String[] COUNTRIES = {"USA", "France", "Peru"};

    /** Bronze campaign rows: name, country, date and money vary; Profit is sometimes negative or missing. */
    static List<Object[]> campaignBatch(Random random) {
        List<Object[]> rows = new ArrayList<>();
        int n = 1 + random.nextInt(random.nextBoolean() ? 3 : 30);
        for (int i = 0; i < n; i++) {
            Object[] r = new Object[Dataset.CAMPAIGNS.bronzeSchema().size()];
            r[CampaignGold.REGION] = "R" + random.nextInt(2);
            r[CampaignGold.COUNTRY] = COUNTRIES[random.nextInt(COUNTRIES.length)];
            r[CampaignGold.CAMPAIGN_NAME] = CAMPAIGN_NAMES[random.nextInt(CAMPAIGN_NAMES.length)];
            r[CampaignGold.COST] = random.nextInt(10000) / 100f;
            r[CampaignGold.REVENUE] = random.nextInt(20000) / 100f;
            r[CampaignGold.REVENUE_TARGET] = random.nextInt(20000) / 100f;
            r[CampaignGold.PROFIT] = random.nextInt(8) == 0 ? null : (random.nextInt(20000) - 8000) / 100f;
            r[CampaignGold.CAMP_DATE] = LocalDate.of(2021, 6, 1).plusDays(random.nextInt(40));
            rows.add(r);
        }
        return rows;
    }

    /** Deletes one random row of a random file (a data change); returns the number of rows deleted. */
    static int deleteOne(LakeTable t, Random random) {
        List<DataFile> files = t.files();
        DataFile f = files.get(random.nextInt(files.size()));
        List<Object[]> rows = new ArrayList<>();
        t.scan(List.of(f), rows::add);
        if (rows.isEmpty()) {
            return 0;
        }
        rows.remove(random.nextInt(rows.size()));
        t.rewrite(List.of(f), rows, true, List.of(), "DELETE");
        return 1;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void goldEqualsItsRecomputationWhateverTheOrder(long seed) {
        Random random = new Random(seed);
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable campaigns = p.lake().table(Dataset.CAMPAIGNS.bronzePath());
        campaigns.createIfAbsent(Dataset.CAMPAIGNS.bronzeSpec());
        long total = 0;
        int refreshes = 0;
        for (int step = 0; step < 30; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                List<Object[]> rows = silverBatch(random);
                if (!rows.isEmpty()) {
                    silver.append(rows, List.of());
                    total += rows.size();
                }
            } else if (action < 6) {
                campaigns.append(campaignBatch(random), List.of());
            } else if (action < 7 && !silver.files().isEmpty()) {
                if (random.nextBoolean()) {
                    TwitterHistoricalGoldTest.compact(silver);
                } else {
                    total -= deleteOne(silver, random); // a GDPR-style delete: the MERGEd tables must recompute
                }
            } else {
                for (RunResult r : p.gold().run()) {
                    assertTrue(r.status() != RunStatus.FAILED, r.toString());
                }
                refreshes++;
                for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
                    assertTrue(v.ok() && !v.status().equals("not-refreshed"), "seed " + seed + " step " + step + ": " + v);
                }
            }
        }
        p.gold().run();
        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("ok", v.status(), "seed " + seed + " at the end (" + refreshes + " refreshes): " + v);
        }
        assertEquals(total, p.lake().table("gold/twitter_historical_data").readAll().size());
    }

    /**
     * The same with ingestion running meanwhile: one thread appends Silver and campaign batches (and compacts
     * Silver), another compacts Gold tables under the refresh (so MERGEs lose commits and retry), while this
     * thread refreshes and verifies, 6 times. No refresh may count a row twice or miss one: after every refresh each Gold
     * table equals its recomputation from the versions it consumed, and at the end from everything appended.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void goldStaysExactWhileIngestionAndCompactionRunConcurrently(long seed) throws Exception {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        LakeTable campaigns = p.lake().table(Dataset.CAMPAIGNS.bronzePath());
        campaigns.createIfAbsent(Dataset.CAMPAIGNS.bronzeSpec());
        AtomicLong total = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread appender = new Thread(() -> {
            Random random = new Random(seed);
            try {
                while (!done.get()) {
                    int action = random.nextInt(10);
                    if (action < 7) {
                        List<Object[]> rows = silverBatch(random);
                        if (!rows.isEmpty()) {
                            silver.append(rows, List.of());
                            total.addAndGet(rows.size());
                        }
                    } else if (action < 9) {
                        campaigns.append(campaignBatch(random), List.of());
                    } else if (!silver.files().isEmpty()) {
                        TwitterHistoricalGoldTest.compact(silver);
                    }
                    Thread.sleep(20 + random.nextInt(40));
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        AtomicInteger compactions = new AtomicInteger();
        Thread compactor = new Thread(() -> {
            Random random = new Random(seed * 31);
            List<String> tables = LabGraph.GRAPH.goldPaths();
            try {
                while (!done.get()) {
                    LakeTable t = p.lake().table(tables.get(random.nextInt(tables.size())));
                    if (t.exists() && !t.files().isEmpty()) {
                        try {
                            TwitterHistoricalGoldTest.compact(t);
                            compactions.incrementAndGet();
                        } catch (CommitConflictException lost) {
                            // a MERGE removed a file first: this compaction loses, as it may
                        }
                    }
                    Thread.sleep(30 + random.nextInt(50));
                }
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        appender.start();
        compactor.start();
        int refreshes = 0;
        int retried = 0;
        while (refreshes < 6 && errors.isEmpty()) {
            for (RunResult r : p.gold().run()) {
                assertTrue(r.status() != RunStatus.FAILED || r.message().startsWith("gave up after"), r.toString());
                retried += r.message() != null && r.message().contains("after losing") ? 1 : 0;
            }
            refreshes++;
            for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
                assertTrue(v.ok(), "seed " + seed + " refresh " + refreshes + ": " + v);
            }
        }
        done.set(true);
        appender.join();
        compactor.join();
        assertEquals(List.of(), List.copyOf(errors));
        for (RunResult r : p.gold().run()) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
        }
        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), LabGraph.GRAPH)) {
            assertEquals("ok", v.status(), "seed " + seed + " at the end: " + v);
        }
        assertEquals(total.get(), p.lake().table("gold/twitter_historical_data").readAll().size());
        assertEquals(total.get(), silver.readAll().size());
        System.out.printf("seed %d: %d refreshes, %d Gold compactions, %d refreshes committed after a lost race%n",
                seed, refreshes, compactions.get(), retried);
        assertTrue(total.get() > 0 && compactions.get() > 0, "the threads ran");
    }
}
