package com.wwi.lakehouse.sample;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Store transaction rows in the "OJ sales simulated" shape of the lab's {@code dbo.SalesTransData.txt}:
 * {@code ID, WeekStarting, Store, Brand, Quantity, Advert, Price, Revenue}, no header, every field quoted.
 * Rows run store by store, brand by brand, week by week (120 weekly Thursdays from 1990-06-14); past
 * 1000 stores x 3 brands x 120 weeks the combinations repeat with new quantities. Revenue is exactly
 * Quantity x Price with two decimals.
 */
public final class StoreTransactionSource implements LineSource {

    /** Column names (the file itself has no header). */
    public static final List<String> COLUMNS = List.of(
            "ID", "WeekStarting", "Store", "Brand", "Quantity", "Advert", "Price", "Revenue");

    /** The three orange juice brands. */
    public static final List<String> BRANDS = List.of("dominicks", "minute.maid", "tropicana");

    /** The first WeekStarting, a Thursday. */
    public static final LocalDate FIRST_WEEK = LocalDate.of(1990, 6, 14);
    /** Number of distinct weeks. */
    public static final int WEEKS = 120;

    static final int[] BASE_PRICE_CENTS = {199, 239, 279};
    static final double[] BRAND_LOG_BOOST = {0.15, 0.0, -0.1};
    private static final int STORES = 1000;

    private final long seed;
    private final SplittableRandom r;
    private final int storeOffset;
    private long row;

    /** A source whose rows depend only on {@code seed}. */
    public StoreTransactionSource(long seed) {
        this.seed = seed;
        this.r = Draw.random(seed, 4);
        this.storeOffset = (int) Math.floorMod(Draw.mix(seed, 44), (long) STORES);
    }

    @Override
    public String nextLine() {
        return Csv.quotedLine(nextFields());
    }

    /** The next row's 8 field texts, unquoted. */
    public List<String> nextFields() {
        long id = ++row;
        long combination = (id - 1) % ((long) STORES * BRANDS.size() * WEEKS);
        int storeSlot = (int) (combination / (BRANDS.size() * WEEKS));
        int brand = (int) (combination / WEEKS % BRANDS.size());
        int week = (int) (combination % WEEKS);
        int store = 1000 + (storeSlot * 337 + storeOffset) % STORES;   // 337 is coprime to 1000
        // each store has its own size, stable for a seed
        double storeLog = ((Draw.mix(seed, 1_000_000L + store) >>> 11) * 0x1.0p-53) * 0.9 - 0.4;
        boolean advert = Draw.chance(r, 0.3);
        int priceCents = price(r, brand, advert);
        long quantity = quantity(r, brand, advert, priceCents, storeLog);
        return Arrays.asList(Long.toString(id), FIRST_WEEK.plusWeeks(week).toString(), Integer.toString(store),
                BRANDS.get(brand), Long.toString(quantity), advert ? "1" : "0", Draw.fixed(priceCents, 2),
                Draw.fixed(quantity * priceCents, 2));
    }

    static int price(SplittableRandom r, int brand, boolean advert) {
        int cents = BASE_PRICE_CENTS[brand] + Draw.between(r, -50, 60);
        if (advert) {
            cents -= Draw.between(r, 0, 30);
        }
        return cents;
    }

    static long quantity(SplittableRandom r, int brand, boolean advert, int priceCents, double storeLog) {
        double log = 9.2 + storeLog + BRAND_LOG_BOOST[brand] + (advert ? 0.45 : 0.0)
                - 1.8 * (priceCents - BASE_PRICE_CENTS[brand]) / 100.0 + 0.25 * Draw.gaussian(r);
        return Math.max(1L, StrictMath.round(StrictMath.exp(log)));
    }
}
