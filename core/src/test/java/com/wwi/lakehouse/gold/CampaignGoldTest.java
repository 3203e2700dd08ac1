package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.datasets.Dataset;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The notebook-01 tables on a handful of rows whose answers are worked out by hand. */
class CampaignGoldTest {
    static Object[] campaign(String region, String country, String name, Float cost, Float revenue, Float target,
                             Float profit, LocalDate date) {
        Object[] r = new Object[Dataset.CAMPAIGNS.sourceSchema().size()];
        r[0] = region;
        r[1] = country;
        r[4] = name;
        r[9] = cost;
        r[10] = revenue;
        r[13] = target;
        r[17] = profit;
        r[20] = date;
        return r;
    }

    static final List<Object[]> ROWS = List.of(
            campaign("Europe", "Germany", "fashion", 10f, 1.005f, 2.675f, -5.5f, LocalDate.of(2021, 6, 27)),
            campaign("Europe", "Germany", "fashion", 20f, 1.0f, 1.0f, 3.25f, LocalDate.of(2021, 6, 24)),
            campaign("Europe", "Germany", "beach", null, null, null, null, LocalDate.of(2021, 7, 1)),
            campaign("Asia", "Japan", "futureTech", 5f, 100f, 50f, -1f, LocalDate.of(2021, 6, 30)));

    static List<String> show(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        return out;
    }

    @Test
    void countryWiseRevenue() {
        double revenue = SparkSemantics.round((double) 1.005f + (double) 1.0f, 2);
        assertEquals(List.of(
                Arrays.toString(new Object[]{"Germany", "Europe", revenue, SparkSemantics.round((double) 2.675f + 1.0, 2),
                        SparkSemantics.round(-5.5 + 3.25, 2), 20f, 10f}),
                Arrays.toString(new Object[]{"Japan", "Asia", 100.0, 50.0, -1.0, 5f, 5f})),
                show(CampaignGold.countryWiseRevenue(ROWS)));
    }

    @Test
    void campaignPerWeekUsesThursdayWeeks() {
        Instant w1 = Instant.parse("2021-06-24T00:00:00Z");
        Instant w2 = Instant.parse("2021-07-01T00:00:00Z");
        Instant w3 = Instant.parse("2021-07-08T00:00:00Z");
        assertEquals(List.of(
                Arrays.toString(new Object[]{"beach", w2, w3, 1L}),
                Arrays.toString(new Object[]{"fashion", w1, w2, 2L}),
                Arrays.toString(new Object[]{"futureTech", w1, w2, 1L})),
                show(CampaignGold.campaignPerWeek(ROWS)));
    }

    @Test
    void totalProfitByCountryPerWeekSumsFloatsAsDoubles() {
        Instant w1 = Instant.parse("2021-06-24T00:00:00Z");
        Instant w2 = Instant.parse("2021-07-01T00:00:00Z");
        Instant w3 = Instant.parse("2021-07-08T00:00:00Z");
        assertEquals(List.of(
                Arrays.toString(new Object[]{w1, w2, "Germany", -5.5 + 3.25}),
                Arrays.toString(new Object[]{w1, w2, "Japan", -1.0}),
                Arrays.toString(new Object[]{w2, w3, "Germany", null})),
                show(CampaignGold.totalProfitByCountryPerWeek(ROWS)));
    }

    @Test
    void topLossMakingCampaignKeepsEachLoss() {
        assertEquals(List.of(Arrays.toString(new Object[]{"fashion", -5.5f, 1}),
                        Arrays.toString(new Object[]{"futureTech", -1f, 1})),
                show(CampaignGold.topLossMakingCampaign(ROWS)));
    }
}
