package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
 */
public final class CampaignSentimentWeekly {
    public static final TableSchema SCHEMA = TableSchema.of(of("campaign", ColumnType.STRING),
            of("window_start", ColumnType.TIMESTAMP), of("window_end", ColumnType.TIMESTAMP),
            of("tweets", ColumnType.LONG), of("positive", ColumnType.LONG), of("negative", ColumnType.LONG),
            of("neutral", ColumnType.LONG), of("mean_sentiment_score", ColumnType.DOUBLE),
            of("retweets", ColumnType.LONG), of("cost", ColumnType.DOUBLE), of("revenue", ColumnType.DOUBLE),
            of("profit", ColumnType.DOUBLE));

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
        double scoreSum;
        long retweets;
        double cost;
        double revenue;
        double profit;
    }

    public static List<Object[]> compute(List<Object[]> silver, List<Object[]> campaigns) {
        Map<String, String> names = new TreeMap<>();
        for (Object[] c : campaigns) {
            if (c[CampaignGold.CAMPAIGN_NAME] != null) {
                String n = ((String) c[CampaignGold.CAMPAIGN_NAME]).toLowerCase(Locale.ROOT);
                names.put(n, n);
            }
        }
        Map<List<Object>, Cell> cells = new TreeMap<>((a, b) -> {
            int c = ((String) a.get(0)).compareTo((String) b.get(0));
            return c != 0 ? c : ((Instant) a.get(1)).compareTo((Instant) b.get(1));
        });
        for (Object[] t : silver) {
            String tag = t[HASHTAG] == null ? null : ((String) t[HASHTAG]).replace("#", "").toLowerCase(Locale.ROOT);
            if (tag == null || !names.containsKey(tag) || t[DATE] == null) {
                continue;
            }
            SparkSemantics.Window w = SparkSemantics.week((LocalDate) t[DATE]);
            Cell cell = cells.computeIfAbsent(Arrays.asList(tag, w.start()), k -> new Cell());
            cell.tweets++;
            switch (String.valueOf(t[MLSENTIMENT])) {
                case "Positive" -> cell.positive++;
                case "Negative" -> cell.negative++;
                default -> cell.neutral++;
            }
            cell.scoreSum += t[SCORE] == null ? 0.5 : (Double) t[SCORE];
            cell.retweets += t[RETWEETCOUNT] == null ? 0 : (Integer) t[RETWEETCOUNT];
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
                    c.negative, c.neutral, c.tweets == 0 ? null : c.scoreSum / c.tweets, c.retweets,
                    SparkSemantics.round(c.cost, 2), SparkSemantics.round(c.revenue, 2), SparkSemantics.round(c.profit, 2)});
        }
        return out;
    }
}
