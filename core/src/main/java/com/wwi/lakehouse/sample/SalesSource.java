package com.wwi.lakehouse.sample;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Rows of the lab's {@code SalesDataAfterCampaign.csv}: {@code Quantity, Advert, Price, Brand}, the store
 * transactions' demand model after a campaign (adverts more frequent, demand a little higher).
 */
public final class SalesSource implements LineSource {

    /** The header line's column names, in order. */
    public static final List<String> HEADER = List.of("Quantity", "Advert", "Price", "Brand");

    private final SplittableRandom r;

    /** A source whose rows depend only on {@code seed}. */
    public SalesSource(long seed) {
        this.r = Draw.random(seed, 5);
    }

    @Override
    public String nextLine() {
        return Csv.line(nextFields());
    }

    /** The next row's 4 field texts, unquoted. */
    public List<String> nextFields() {
        int brand = r.nextInt(StoreTransactionSource.BRANDS.size());
        boolean advert = Draw.chance(r, 0.6);
        int priceCents = StoreTransactionSource.price(r, brand, advert);
        double storeLog = 0.1 + 0.4 * (r.nextDouble() - 0.5);
        long quantity = StoreTransactionSource.quantity(r, brand, advert, priceCents, storeLog);
        return Arrays.asList(Long.toString(quantity), advert ? "1" : "0", Draw.fixed(priceCents, 2),
                StoreTransactionSource.BRANDS.get(brand));
    }
}
