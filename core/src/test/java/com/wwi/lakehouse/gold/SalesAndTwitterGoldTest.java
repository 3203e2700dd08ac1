package com.wwi.lakehouse.gold;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SalesAndTwitterGoldTest {
    static Object[] sale(String id, LocalDate week) {
        return new Object[]{id, week, 1000, "tropicana", 10, 1, 2.5f, 25f};
    }

    static List<String> show(List<Object[]> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(Arrays.toString(r)));
        return out;
    }

    @Test
    void salesSplitByPercentRankOfTheWeek() {
        List<Object[]> bronze = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            bronze.add(sale("s" + i, LocalDate.of(1990, 6, 14).plusWeeks(i)));
        }
        bronze.add(sale("tie", LocalDate.of(1990, 6, 14).plusWeeks(8))); // shares week 8's rank
        List<Object[]> ranked = SalesGold.rankData(bronze);
        assertEquals(12, ranked.size());
        // 12 rows: rank = (position - 1) / 11; week 8 holds positions 9 and 10 -> both 8/11 = 0.727
        List<Object[]> train = SalesGold.train(ranked);
        List<Object[]> test = SalesGold.test(ranked);
        assertEquals(10, train.size(), "ranks 0 .. 8/11 (0.727) are at most 0.8");
        assertEquals(2, test.size(), "ranks 10/11 and 11/11");
        assertEquals(8, train.get(0).length, "rank is dropped");
    }

    static Object[] tweet(String hashtag, String city, Integer retweets) {
        Object[] r = new Object[19];
        r[1] = hashtag;
        r[3] = city;
        r[5] = retweets;
        return r;
    }

    @Test
    void twitterAggregatesAndTheFixedCombinedProduct() {
        List<Object[]> silver = List.of(tweet("#gogreen", "Oslo", 3), tweet("#gogreen", "Oslo", null),
                tweet("#fashion", "Rome", 2), tweet("#sustainablefashion", "Rome", 1), tweet("#summer", "Rome", 0));
        assertEquals(List.of("[#fashion, 1]", "[#gogreen, 2]", "[#summer, 1]", "[#sustainablefashion, 1]"),
                show(TwitterGold.hashtagCounts(silver)));
        assertEquals(List.of("[6]"), show(TwitterGold.retweetCount(silver)));
        List<Object[]> city = TwitterGold.cityHashtagCounts(silver);
        assertEquals(List.of("[Oslo, #gogreen, 2]", "[Rome, #fashion, 1]", "[Rome, #summer, 1]",
                "[Rome, #sustainablefashion, 1]"), show(city));
        List<Object[]> campaignPerWeek = List.of(new Object[]{"GoGreen", null, null, 1L},
                new Object[]{"fashion", null, null, 2L}, new Object[]{"fashion", null, null, 1L},
                new Object[]{"SustainableFashion", null, null, 1L});
        assertEquals(List.of("[Oslo, #gogreen, 2]", "[Rome, #fashion, 1]", "[Rome, #sustainablefashion, 1]"),
                show(TwitterGold.sentimentCampaignAnalytics(city, campaignPerWeek)),
                "case-insensitive match, one row per city and hashtag despite two fashion weeks");
    }
}
