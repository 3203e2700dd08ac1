package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.RunRecord;
import com.wwi.lakehouse.pipeline.Settings;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property: after Silver micro-batches of random sizes, Silver compactions and Gold refreshes in random order,
 * every Gold table (the incrementally appended, the MERGEd sums and the recomputed) equals its from-scratch
 * recomputation, after every refresh.
 */
class GoldIncrementalPropertyTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String[] HASHTAGS = {"#beach", "#Beach", "#fashion", "#gogreen", "#summer", null};
    static final String[] CITIES = {"Seattle", "Paris", "Lima", null};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void goldEqualsItsRecomputationWhateverTheOrder(long seed) {
        Random random = new Random(seed);
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        silver.createIfAbsent(SilverStage.SPEC);
        long total = 0;
        int refreshes = 0;
        for (int step = 0; step < 25; step++) {
            int action = random.nextInt(10);
            if (action < 6) {
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
                if (n > 0) {
                    silver.append(rows, List.of());
                    total += n;
                }
            } else if (action < 7 && !silver.files().isEmpty()) {
                TwitterHistoricalGoldTest.compact(silver);
            } else {
                for (RunRecord r : p.gold().run()) {
                    assertTrue(!r.status.equals("failed"), r.toString());
                }
                refreshes++;
                for (GoldVerify.Result v : GoldVerify.verify(p.lake())) {
                    assertTrue(v.ok() && !v.status().equals("not-refreshed"), "seed " + seed + " step " + step + ": " + v);
                }
            }
        }
        p.gold().run();
        for (GoldVerify.Result v : GoldVerify.verify(p.lake())) {
            assertEquals("ok", v.status(), "seed " + seed + " at the end (" + refreshes + " refreshes): " + v);
        }
        assertEquals(total, p.lake().table("gold/twitter_historical_data").readAll().size());
    }
}
