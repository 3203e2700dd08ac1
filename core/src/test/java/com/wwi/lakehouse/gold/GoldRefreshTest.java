package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.testing.CampaignCsv;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gold tables in the lake equal their from-scratch computation, and a run without new input commits nothing. */
class GoldRefreshTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static final String HEADER = CampaignCsv.HEADER;

    static String campaign(String country, String name, String profit, String date) {
        return CampaignCsv.campaign(country, name, profit, date);
    }

    void land(Pipeline p, String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        RunResult r = p.bronze().ingestFile(new LandedFile(path, "e-" + Arrays.hashCode(b), b.length,
                () -> new ByteArrayInputStream(b)));
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
    }

    static List<String> show(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void goldEqualsItsFromScratchComputationAndSkipsWhenNothingChanged() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        land(p, "campaigns/a.csv", HEADER + campaign("Germany", "fashion", "-5", "2021-06-27")
                + campaign("Germany", "fashion", "7.5", "2021-06-24") + campaign("Japan", "beach", "3", "2021-07-02"));
        land(p, "store-transactions/t.txt", "\"1\",\"1990-06-14\",\"1000\",\"dominicks\",\"1\",\"1\",\"2.5\",\"2.5\"\r\n"
                + "\"2\",\"1990-06-21\",\"1001\",\"tropicana\",\"2\",\"0\",\"1.5\",\"3.0\"\r\n");
        List<RunResult> runs = p.gold().run();
        assertEquals(LabGraph.GRAPH.goldPaths().size(), runs.size());
        for (RunResult r : runs) {
            assertTrue(r.status() != RunStatus.FAILED, r.toString());
        }
        List<Object[]> campaigns = p.lake().table(Dataset.CAMPAIGNS.bronzePath()).readAll();
        assertEquals(show(CampaignGold.countryWiseRevenue(campaigns)),
                show(p.lake().table("gold/country_wise_revenue").readAll()));
        assertEquals(show(CampaignGold.campaignPerWeek(campaigns)), show(p.lake().table("gold/campaign_per_week").readAll()));
        assertEquals(1, p.lake().table("gold/top_loss_making_campaign").readAll().size());
        assertEquals(2, p.lake().table("gold/sales_train").readAll().size() + p.lake().table("gold/sales_test").readAll().size());

        LakeTable revenue = p.lake().table("gold/country_wise_revenue");
        long version = revenue.version();
        for (RunResult r : p.gold().run()) {
            assertEquals(RunStatus.SKIPPED, r.status(), r.toString());
        }
        assertEquals(version, revenue.version(), "no new input, no commit");

        land(p, "campaigns/b.csv", HEADER + campaign("Brazil", "outdoor", "1", "2021-08-01"));
        p.gold().run();
        assertEquals(3, revenue.readAll().size(), "a new campaign file updates the table");
        assertEquals(show(CampaignGold.countryWiseRevenue(p.lake().table(Dataset.CAMPAIGNS.bronzePath()).readAll())),
                show(revenue.readAll()));
    }

    @Test
    void aPlanSaysWhatARefreshWouldCommitAndWritesNothing() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        land(p, "campaigns/a.csv", HEADER + campaign("Germany", "fashion", "-5", "2021-06-27"));
        p.gold().run();
        LakeTable perWeek = p.lake().table("gold/campaign_per_week");
        long version = perWeek.version();
        GoldPlan nothing = p.gold().plan("gold/campaign_per_week");
        assertEquals(GoldPlan.Strategy.SKIP, nothing.strategy());

        land(p, "campaigns/b.csv", HEADER + campaign("Germany", "fashion", "7.5", "2021-06-24")
                + campaign("Japan", "beach", "3", "2021-07-02"));
        long campaigns = p.lake().table(Dataset.CAMPAIGNS.bronzePath()).version();
        GoldPlan merge = p.gold().plan("gold/campaign_per_week");
        assertEquals(GoldPlan.Strategy.MERGE, merge.strategy());
        assertEquals(campaigns, merge.inputVersions().get(Dataset.CAMPAIGNS.bronzePath()));
        assertEquals(2, merge.rowsIn(), "only the rows added after the consumed version are read");
        assertEquals(1, merge.replace().size(), "the file holding the fashion week is rewritten");
        assertEquals(2, merge.write().size(), "the fashion week with its new count, and the beach week");
        assertEquals(version, perWeek.version(), "planning commits nothing");

        GoldPlan recompute = p.gold().plan("gold/country_wise_revenue");
        assertEquals(GoldPlan.Strategy.REPLACE_CHANGED, recompute.strategy());
        assertEquals(3, recompute.rowsIn());
        assertEquals(show(CampaignGold.countryWiseRevenue(p.lake().table(Dataset.CAMPAIGNS.bronzePath()).readAll())),
                show(recompute.write()), "both countries' rows are new (Germany's changed)");

        RunResult done = p.gold().run().stream().filter(r -> r.table().equals("gold/campaign_per_week")).findFirst()
                .orElseThrow();
        assertEquals(merge.write().size(), done.rowsWritten(), "the refresh commits what the plan said");
        assertEquals(show(CampaignGold.campaignPerWeek(p.lake().table(Dataset.CAMPAIGNS.bronzePath()).readAll())),
                show(perWeek.readAll()));
    }
}
