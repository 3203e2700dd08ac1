package com.wwi.lakehouse.gold;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CampaignSentimentWeeklyTest {
    static Object[] tweet(String hashtag, LocalDate date, String label, double score, int retweets) {
        Object[] r = new Object[19];
        r[1] = hashtag;
        r[5] = retweets;
        r[12] = date;
        r[13] = label;
        r[14] = score;
        return r;
    }

    static Object[] campaign(String name, LocalDate date, float cost, float revenue, float profit) {
        Object[] r = new Object[22];
        r[4] = name;
        r[9] = cost;
        r[10] = revenue;
        r[17] = profit;
        r[20] = date;
        return r;
    }

    @Test
    void tweetsAndMoneyMeetPerCampaignAndWeek() {
        LocalDate sun = LocalDate.of(2021, 6, 27); // week [06-24, 07-01)
        LocalDate nextWeek = LocalDate.of(2021, 7, 2);
        List<Object[]> silver = List.of(tweet("#GoGreen", sun, "Positive", 0.9, 3), tweet("#gogreen", sun, "Negative", 0.1, 1),
                tweet("#gogreen", sun, "Neutral", 0.5, 0), tweet("#summer", sun, "Positive", 0.8, 9),
                tweet("#beach", nextWeek, "Positive", 0.7, 2));
        List<Object[]> campaigns = List.of(campaign("GoGreen", sun, 10f, 100f, 90f), campaign("GoGreen", sun, 5f, 0f, -5f),
                campaign("beach", sun, 1f, 2f, 1f), campaign("outdoor", sun, 3f, 3f, 0f));
        List<String> rows = new ArrayList<>();
        CampaignSentimentWeekly.fromSilver(silver, campaigns).forEach(r -> rows.add(Arrays.toString(r)));
        Instant w1 = Instant.parse("2021-06-24T00:00:00Z");
        Instant w2 = Instant.parse("2021-07-01T00:00:00Z");
        Instant w3 = Instant.parse("2021-07-08T00:00:00Z");
        assertEquals(List.of(
                Arrays.toString(new Object[]{"beach", w1, w2, 0L, 0L, 0L, 0L, null, 0L, 1.0, 2.0, 1.0}),
                Arrays.toString(new Object[]{"beach", w2, w3, 1L, 1L, 0L, 0L, 0.7, 2L, 0.0, 0.0, 0.0}),
                Arrays.toString(new Object[]{"gogreen", w1, w2, 3L, 1L, 1L, 1L, 0.5, 4L, 15.0, 100.0, 85.0}),
                Arrays.toString(new Object[]{"outdoor", w1, w2, 0L, 0L, 0L, 0L, null, 0L, 3.0, 3.0, 0.0})), rows,
                "#summer is no campaign; #GoGreen meets GoGreen ignoring case");
    }
}
