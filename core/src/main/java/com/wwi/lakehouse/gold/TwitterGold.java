package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Twitter aggregates of notebook 03 and the combined data product, from scratch over Silver tweet rows
 * ({@code silver/twitter_historical_data}: hashtag at 1, city at 3, retweetcount at 5).
 */
public final class TwitterGold {
    public static final TableSchema HASHTAG_COUNTS = TableSchema.of(
            Column.of("hashtag", ColumnType.STRING),
            Column.of("count", ColumnType.LONG));
    public static final TableSchema RETWEET_COUNT = TableSchema.of(
            Column.of("retweetcount", ColumnType.LONG));
    public static final TableSchema CITY_HASHTAG_COUNTS = TableSchema.of(
            Column.of("city", ColumnType.STRING),
            Column.of("hashtag", ColumnType.STRING),
            Column.of("count", ColumnType.LONG));
    static final int HASHTAG = 1;
    static final int CITY = 3;
    static final int RETWEETCOUNT = 5;

    private TwitterGold() {
    }

    /** groupBy(hashtag).count(). */
    public static List<Object[]> hashtagCounts(List<Object[]> silver) {
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (Object[] r : silver) {
            counts.merge(Arrays.asList(r[HASHTAG]), 1L, Long::sum);
        }
        List<Object[]> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new Object[]{k.get(0), v}));
        return CampaignGold.sorted(out);
    }

    /** One row: sum(cast(retweetcount as int)) as retweetcount (null when every value is null, as Spark's sum). */
    public static List<Object[]> retweetCount(List<Object[]> silver) {
        long sum = 0;
        boolean any = false;
        for (Object[] r : silver) {
            if (r[RETWEETCOUNT] != null) {
                sum += (Integer) r[RETWEETCOUNT];
                any = true;
            }
        }
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[]{any ? sum : null});
        return out;
    }

    /** groupBy(city, hashtag).count(). */
    public static List<Object[]> cityHashtagCounts(List<Object[]> silver) {
        Map<List<Object>, Long> counts = new LinkedHashMap<>();
        for (Object[] r : silver) {
            counts.merge(Arrays.asList(r[CITY], r[HASHTAG]), 1L, Long::sum);
        }
        List<Object[]> out = new ArrayList<>();
        counts.forEach((k, v) -> out.add(new Object[]{k.get(0), k.get(1), v}));
        return CampaignGold.sorted(out);
    }

    /**
     * The combined data product with the lab's bugs fixed: the city/hashtag counts whose hashtag, without '#',
     * names a campaign of {@code campaign_per_week} ignoring case; one row per city and hashtag (the lab's join
     * repeated a row per campaign-week and matched case-sensitively).
     */
    public static List<Object[]> sentimentCampaignAnalytics(List<Object[]> cityHashtagCounts,
                                                            List<Object[]> campaignPerWeek) {
        Set<String> campaigns = new HashSet<>();
        for (Object[] c : campaignPerWeek) {
            if (c[0] != null) {
                campaigns.add(((String) c[0]).toLowerCase(Locale.ROOT));
            }
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : cityHashtagCounts) {
            String tag = (String) r[1];
            if (tag != null && campaigns.contains(tag.replace("#", "").toLowerCase(Locale.ROOT))) {
                out.add(r.clone());
            }
        }
        return CampaignGold.sorted(out);
    }
}
