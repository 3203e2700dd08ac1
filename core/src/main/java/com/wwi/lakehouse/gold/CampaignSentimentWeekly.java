package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static com.wwi.lakehouse.lake.Column.of;

/**
 * {@code gold/campaign_sentiment_weekly}, the table an analyst opens first: per campaign and week (Spark's
 * epoch-aligned weeks), the campaign's tweets (matched by hashtag, ignoring case and '#') with their positive /
 * negative / neutral counts, mean P(positive) and retweets, next to the campaign's cost, revenue and profit that
 * week. A campaign-week appears when it has tweets or campaign rows; the missing side is zero (or null for the
 * mean). Campaign names are lower case.
 *
 * <p>It is computed in two steps so that it stays cheap as Silver grows: {@code gold/hashtag_sentiment_weekly}
 * holds, per hashtag (lower case, without '#') and week, the tweet counts and sums, MERGEd from the Silver rows
 * added since its last refresh; this table joins it with the campaigns. Sentiment scores are summed in units of
 * 10<sup>-9</sup> (each score truncated to 9 decimals) so that sums are exact and add up the same in any order:
 * the mean is {@code score_sum_e9 / 1e9 / tweets}.
 */
public final class CampaignSentimentWeekly {
    public static final TableSchema SCHEMA = TableSchema.of(of("campaign", ColumnType.STRING),
            of("window_start", ColumnType.TIMESTAMP), of("window_end", ColumnType.TIMESTAMP),
            of("tweets", ColumnType.LONG), of("positive", ColumnType.LONG), of("negative", ColumnType.LONG),
            of("neutral", ColumnType.LONG), of("mean_sentiment_score", ColumnType.DOUBLE),
            of("retweets", ColumnType.LONG), of("cost", ColumnType.DOUBLE), of("revenue", ColumnType.DOUBLE),
            of("profit", ColumnType.DOUBLE));

    /** Per hashtag and week: the tweet counts and sums that {@link #compute} joins with the campaigns. */
    public static final TableSchema HASHTAG_WEEKLY_SCHEMA = TableSchema.of(of("hashtag", ColumnType.STRING),
            of("window_start", ColumnType.TIMESTAMP), of("window_end", ColumnType.TIMESTAMP),
            of("tweets", ColumnType.LONG), of("positive", ColumnType.LONG), of("negative", ColumnType.LONG),
            of("neutral", ColumnType.LONG), of("score_sum_e9", ColumnType.LONG), of("retweets", ColumnType.LONG));

    // Silver columns
    static final int HASHTAG = 1;
    static final int RETWEETCOUNT = 5;
    static final int DATE = 12;
    static final int MLSENTIMENT = 13;
    static final int SCORE = 14;

    private CampaignSentimentWeekly() {
    }

    private static final class Cell {
        long tweets;
        long positive;
        long negative;
        long neutral;
        long scoreSumE9;
        long retweets;
        double cost;
        double revenue;
        double profit;
    }

    private static final Comparator<Object> NULLS_FIRST = Comparator.nullsFirst(
            (a, b) -> a instanceof String x ? x.compareTo((String) b) : ((Instant) a).compareTo((Instant) b));

    private static Map<List<Object>, Cell> cells() {
        return new TreeMap<>((a, b) -> {
            int c = NULLS_FIRST.compare(a.get(0), b.get(0));
            return c != 0 ? c : NULLS_FIRST.compare(a.get(1), b.get(1));
        });
    }

    /** A score as an exact integer number of 10^-9 (truncated); a missing score counts as 0.5, undecided. */
    static long scoreE9(Object score) {
        return (long) ((score == null ? 0.5 : (Double) score) * 1e9);
    }

    /** {@code gold/hashtag_sentiment_weekly} over Silver rows: sums by (hashtag lower case without '#', week). */
    public static List<Object[]> hashtagWeekly(List<Object[]> silver) {
        Map<List<Object>, Cell> cells = cells();
        for (Object[] t : silver) {
            String tag = t[HASHTAG] == null ? null : ((String) t[HASHTAG]).replace("#", "").toLowerCase(Locale.ROOT);
            Instant start = t[DATE] == null ? null : SparkSemantics.week((LocalDate) t[DATE]).start();
            Cell cell = cells.computeIfAbsent(Arrays.asList(tag, start), k -> new Cell());
            cell.tweets++;
            switch (String.valueOf(t[MLSENTIMENT])) {
                case "Positive" -> cell.positive++;
                case "Negative" -> cell.negative++;
                default -> cell.neutral++;
            }
            cell.scoreSumE9 += scoreE9(t[SCORE]);
            cell.retweets += t[RETWEETCOUNT] == null ? 0 : (Integer) t[RETWEETCOUNT];
        }
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, Cell> e : cells.entrySet()) {
            Cell c = e.getValue();
            Instant start = (Instant) e.getKey().get(1);
            out.add(new Object[]{e.getKey().get(0), start, start == null ? null : start.plusSeconds(7L * 86400),
                    c.tweets, c.positive, c.negative, c.neutral, c.scoreSumE9, c.retweets});
        }
        return out;
    }

    /** The table from Silver rows and {@code bronze/campaign_data} rows. */
    public static List<Object[]> fromSilver(List<Object[]> silver, List<Object[]> campaigns) {
        return compute(hashtagWeekly(silver), campaigns);
    }

    /** The table from {@code gold/hashtag_sentiment_weekly} rows and {@code bronze/campaign_data} rows. */
    public static List<Object[]> compute(List<Object[]> hashtagWeekly, List<Object[]> campaigns) {
        Map<String, String> names = new TreeMap<>();
        for (Object[] c : campaigns) {
            if (c[CampaignGold.CAMPAIGN_NAME] != null) {
                String n = ((String) c[CampaignGold.CAMPAIGN_NAME]).toLowerCase(Locale.ROOT);
                names.put(n, n);
            }
        }
        Map<List<Object>, Cell> cells = cells();
        for (Object[] h : hashtagWeekly) {
            if (h[0] == null || !names.containsKey((String) h[0]) || h[1] == null) {
                continue;
            }
            Cell cell = cells.computeIfAbsent(Arrays.asList(h[0], h[1]), k -> new Cell());
            cell.tweets += (Long) h[3];
            cell.positive += (Long) h[4];
            cell.negative += (Long) h[5];
            cell.neutral += (Long) h[6];
            cell.scoreSumE9 += (Long) h[7];
            cell.retweets += (Long) h[8];
        }
        for (Object[] c : campaigns) {
            if (c[CampaignGold.CAMPAIGN_NAME] == null || c[CampaignGold.CAMP_DATE] == null) {
                continue;
            }
            String name = ((String) c[CampaignGold.CAMPAIGN_NAME]).toLowerCase(Locale.ROOT);
            SparkSemantics.Window w = SparkSemantics.week((LocalDate) c[CampaignGold.CAMP_DATE]);
            Cell cell = cells.computeIfAbsent(Arrays.asList(name, w.start()), k -> new Cell());
            cell.cost += c[CampaignGold.COST] == null ? 0 : ((Float) c[CampaignGold.COST]).doubleValue();
            cell.revenue += c[CampaignGold.REVENUE] == null ? 0 : ((Float) c[CampaignGold.REVENUE]).doubleValue();
            cell.profit += c[CampaignGold.PROFIT] == null ? 0 : ((Float) c[CampaignGold.PROFIT]).doubleValue();
        }
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, Cell> e : cells.entrySet()) {
            Cell c = e.getValue();
            Instant start = (Instant) e.getKey().get(1);
            out.add(new Object[]{e.getKey().get(0), start, start.plusSeconds(7L * 86400), c.tweets, c.positive,
                    c.negative, c.neutral, c.tweets == 0 ? null : c.scoreSumE9 / 1e9 / c.tweets, c.retweets,
                    SparkSemantics.round(c.cost, 2), SparkSemantics.round(c.revenue, 2), SparkSemantics.round(c.profit, 2)});
        }
        return out;
    }
}
