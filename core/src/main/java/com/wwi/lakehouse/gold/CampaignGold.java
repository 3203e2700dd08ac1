package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static com.wwi.lakehouse.lake.Column.of;

/**
 * The campaign Gold tables of notebook 01 computed from scratch over {@code bronze/campaign_data} rows (source
 * column order of {@link com.wwi.lakehouse.datasets.Dataset#CAMPAIGNS}), with Spark's semantics. Column names are
 * the notebook's, lower case; a window is a {@code window_start}/{@code window_end} pair. Rows come out sorted by
 * their keys so that two computations compare equal.
 */
public final class CampaignGold {
    static final int REGION = 0;
    static final int COUNTRY = 1;
    static final int CAMPAIGN_NAME = 4;
    static final int COST = 9;
    static final int REVENUE = 10;
    static final int REVENUE_TARGET = 13;
    static final int PROFIT = 17;
    static final int CAMP_DATE = 20;

    public static final TableSchema COUNTRY_WISE_REVENUE = TableSchema.of(of("country", ColumnType.STRING),
            of("region", ColumnType.STRING), of("total_revenue", ColumnType.DOUBLE),
            of("total_revenue_target", ColumnType.DOUBLE), of("total_profit", ColumnType.DOUBLE),
            of("max_cost", ColumnType.FLOAT), of("min_cost", ColumnType.FLOAT));
    public static final TableSchema CAMPAIGN_PER_WEEK = TableSchema.of(of("campaign_name", ColumnType.STRING),
            of("window_start", ColumnType.TIMESTAMP), of("window_end", ColumnType.TIMESTAMP),
            of("count", ColumnType.LONG));
    public static final TableSchema TOTAL_PROFIT_BY_COUNTRY_PER_WEEK = TableSchema.of(
            of("window_start", ColumnType.TIMESTAMP), of("window_end", ColumnType.TIMESTAMP),
            of("country", ColumnType.STRING), of("total_profit", ColumnType.DOUBLE));
    public static final TableSchema TOP_LOSS_MAKING_CAMPAIGN = TableSchema.of(of("campaign_name", ColumnType.STRING),
            of("profit", ColumnType.FLOAT), of("loss_count", ColumnType.INT));

    private CampaignGold() {
    }

    /** groupBy(Country, Region): round(sum(Revenue), 2), round(sum(Revenue_Target), 2), round(sum(Profit), 2), max/min(Cost). */
    public static List<Object[]> countryWiseRevenue(List<Object[]> bronze) {
        Map<List<Object>, List<Object[]>> groups = group(bronze, r -> Arrays.asList(r[COUNTRY], r[REGION]));
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
            List<Object[]> rows = g.getValue();
            Float max = null;
            Float min = null;
            for (Object[] r : rows) {
                Float c = (Float) r[COST];
                if (c != null) {
                    max = max == null || c > max ? c : max;
                    min = min == null || c < min ? c : min;
                }
            }
            out.add(new Object[]{g.getKey().get(0), g.getKey().get(1),
                    SparkSemantics.round(SparkSemantics.sumFloats(column(rows, REVENUE)), 2),
                    SparkSemantics.round(SparkSemantics.sumFloats(column(rows, REVENUE_TARGET)), 2),
                    SparkSemantics.round(SparkSemantics.sumFloats(column(rows, PROFIT)), 2), max, min});
        }
        return sorted(out);
    }

    /** groupBy(Campaign_Name, window(CampDate, '1 week')).count(). */
    public static List<Object[]> campaignPerWeek(List<Object[]> bronze) {
        Map<List<Object>, List<Object[]>> groups = group(bronze, r -> {
            SparkSemantics.Window w = r[CAMP_DATE] == null ? null : SparkSemantics.week((LocalDate) r[CAMP_DATE]);
            return Arrays.asList(r[CAMPAIGN_NAME], w == null ? null : w.start(), w == null ? null : w.end());
        });
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
            out.add(new Object[]{g.getKey().get(0), g.getKey().get(1), g.getKey().get(2), (long) g.getValue().size()});
        }
        return sorted(out);
    }

    /** groupBy(window(CampDate, '7 days'), Country).agg(sum(Profit)). */
    public static List<Object[]> totalProfitByCountryPerWeek(List<Object[]> bronze) {
        Map<List<Object>, List<Object[]>> groups = group(bronze, r -> {
            SparkSemantics.Window w = r[CAMP_DATE] == null ? null : SparkSemantics.week((LocalDate) r[CAMP_DATE]);
            return Arrays.asList(w == null ? null : w.start(), w == null ? null : w.end(), r[COUNTRY]);
        });
        List<Object[]> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<Object[]>> g : groups.entrySet()) {
            out.add(new Object[]{g.getKey().get(0), g.getKey().get(1), g.getKey().get(2),
                    SparkSemantics.sumFloats(column(g.getValue(), PROFIT))});
        }
        return sorted(out);
    }

    /** select(Campaign_Name, Profit).filter(Profit < 0) with Loss_Count = 1. */
    public static List<Object[]> topLossMakingCampaign(List<Object[]> bronze) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : bronze) {
            Float p = (Float) r[PROFIT];
            if (p != null && p < 0) {
                out.add(new Object[]{r[CAMPAIGN_NAME], p, 1});
            }
        }
        return sorted(out);
    }

    private static Map<List<Object>, List<Object[]>> group(List<Object[]> rows,
                                                          Function<Object[], List<Object>> key) {
        Map<List<Object>, List<Object[]>> groups = new LinkedHashMap<>();
        for (Object[] r : rows) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    private static List<Float> column(List<Object[]> rows, int i) {
        List<Float> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add((Float) r[i]);
        }
        return out;
    }

    /** Rows ordered by their values, column by column, nulls first. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object[]> sorted(List<Object[]> rows) {
        rows.sort((a, b) -> {
            for (int i = 0; i < a.length; i++) {
                Object x = a[i];
                Object y = b[i];
                if (x == y) {
                    continue;
                }
                if (x == null) {
                    return -1;
                }
                if (y == null) {
                    return 1;
                }
                int c = ((Comparable) x).compareTo(y);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return rows;
    }
}
