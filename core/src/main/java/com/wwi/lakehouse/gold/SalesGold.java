package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The retail sales tables of the notebook "Retail Sales Data Prep Using Spark DLT", from scratch over
 * {@code bronze/sales_trans} rows: {@code silver/sales_rank_data} adds {@code rank = percent_rank() over (order by
 * WeekStarting)}; {@code gold/sales_train} keeps rank ≤ 0.8 and {@code gold/sales_test} rank > 0.8, without rank.
 */
public final class SalesGold {
    static final int SOURCE_COLUMNS = 8;
    /** sales_train and sales_test: the store-transaction columns. */
    public static final TableSchema SCHEMA = Dataset.STORE_TRANSACTIONS.sourceSchema();
    /** silver/sales_rank_data: the store-transaction columns and rank. */
    public static final TableSchema RANK_SCHEMA = SCHEMA.plus(
            Column.of("rank", ColumnType.DOUBLE));
    static final int WEEK_STARTING = 1;

    private SalesGold() {
    }

    /** Bronze rows (their 8 source columns) each followed by its rank. */
    public static List<Object[]> rankData(List<Object[]> bronze) {
        List<LocalDate> keys = new ArrayList<>(bronze.size());
        for (Object[] r : bronze) {
            keys.add((LocalDate) r[WEEK_STARTING]);
        }
        double[] rank = SparkSemantics.percentRank(keys);
        List<Object[]> out = new ArrayList<>(bronze.size());
        for (int i = 0; i < bronze.size(); i++) {
            Object[] r = Arrays.copyOf(bronze.get(i), SOURCE_COLUMNS + 1);
            r[SOURCE_COLUMNS] = rank[i];
            out.add(r);
        }
        return CampaignGold.sorted(out);
    }

    public static List<Object[]> train(List<Object[]> rankData) {
        return split(rankData, true);
    }

    public static List<Object[]> test(List<Object[]> rankData) {
        return split(rankData, false);
    }

    private static List<Object[]> split(List<Object[]> rankData, boolean train) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rankData) {
            double rank = (Double) r[SOURCE_COLUMNS];
            if ((rank <= 0.8) == train) {
                out.add(Arrays.copyOf(r, SOURCE_COLUMNS));
            }
        }
        return CampaignGold.sorted(out);
    }
}
