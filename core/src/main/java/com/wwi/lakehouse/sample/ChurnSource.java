package com.wwi.lakehouse.sample;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Customer rows in the IBM Telco churn shape the lab's {@code CustomerChurnData.csv} uses. Customer ids
 * ({@code 7590-VHVEG}) are unique for any row count the generator allows. About 0.2% of customers have tenure 0
 * and an empty TotalAmount, as in the Telco data. Churn depends on contract, tenure and payment method.
 */
public final class ChurnSource implements LineSource {

    /** The header line's column names, in order. */
    public static final List<String> HEADER = List.of("CustomerID", "Gender", "SeniorCitizen", "Partner",
            "Dependents", "tenure(month)", "Discount", "OutletSize", "OnlineDelivery", "OrderStatus",
            "CustomerSupport", "Brand", "StoreContract", "PaperlessBilling", "PaymentMethod", "UnitPrice",
            "TotalAmount", "Churn");

    private static final String[] OUTLET_SIZES = {"Big", "Medium", "Small"};
    private static final String[] ORDER_STATUS = {"Shipped", "Shipped", "Delivered", "Delivered", "Processing", "Cancelled"};
    private static final String[] BRANDS = {"Local", "Local", "National", "Premium"};
    private static final String[] PAYMENT_METHODS = {
        "Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"};

    private static final long DIGIT_BLOCKS = 10_000L;
    private static final long LETTER_BLOCKS = 11_881_376L; // 26^5
    /** 10^4 digit blocks times 26^5 letter blocks. */
    private static final long ID_SPACE = DIGIT_BLOCKS * LETTER_BLOCKS;
    /** Odd, not a multiple of 5 or 13: coprime to ID_SPACE, so i -> i*A+B mod ID_SPACE is a bijection. */
    private static final long ID_MULTIPLIER = 48_271_111_777L;

    private final SplittableRandom r;
    private final long seed;
    private final long idOffset;
    private long row;

    /** A source whose rows depend only on {@code seed}. */
    public ChurnSource(long seed) {
        this.seed = seed;
        this.r = Draw.random(seed, 3);
        this.idOffset = Math.floorMod(Draw.mix(seed, 33), ID_SPACE);
    }

    @Override
    public String nextLine() {
        return Csv.line(nextFields());
    }

    /** The next row's 18 field texts, unquoted. */
    public List<String> nextFields() {
        String id = customerId(row++);
        String gender = Draw.chance(r, 0.5) ? "Female" : "Male";
        boolean senior = Draw.chance(r, 0.16);
        boolean partner = Draw.chance(r, 0.48);
        boolean dependents = Draw.chance(r, partner ? 0.45 : 0.1);
        double t = r.nextDouble();
        int tenure = t < 0.002 ? 0 : t < 0.30 ? Draw.between(r, 1, 12) : t < 0.80 ? Draw.between(r, 1, 72) : Draw.between(r, 60, 72);
        double c = r.nextDouble();
        String contract = tenure < 12 ? (c < 0.85 ? "Month-to-month" : c < 0.95 ? "One year" : "Two year")
                : tenure < 48 ? (c < 0.55 ? "Month-to-month" : c < 0.85 ? "One year" : "Two year")
                : (c < 0.25 ? "Month-to-month" : c < 0.55 ? "One year" : "Two year");
        String payment = Draw.pick(r, PAYMENT_METHODS);
        long unitCents = 1825 + 5L * r.nextInt(0, 2011);             // 18.25 .. 118.75 in steps of 0.05
        String total = tenure == 0 ? ""
                : Draw.decimal(StrictMath.round(unitCents * tenure * (0.97 + 0.06 * r.nextDouble())), 2);
        double churnP = 0.04 + (contract.equals("Month-to-month") ? 0.30 : 0.0) + (tenure < 12 ? 0.15 : 0.0)
                + (payment.equals("Electronic check") ? 0.08 : 0.0) + (senior ? 0.05 : 0.0);
        boolean churn = tenure > 0 && Draw.chance(r, churnP);
        return Arrays.asList(id, gender, senior ? "1" : "0", yesNo(partner), yesNo(dependents), Integer.toString(tenure),
                yesNo(Draw.chance(r, 0.3)), Draw.pick(r, OUTLET_SIZES), yesNo(Draw.chance(r, 0.55)),
                Draw.pick(r, ORDER_STATUS), yesNo(Draw.chance(r, 0.35)), Draw.pick(r, BRANDS), contract,
                yesNo(Draw.chance(r, 0.6)), payment, Draw.decimal(unitCents, 2), total, yesNo(churn));
    }

    /**
     * A unique id {@code dddd-LLLLL} for row number {@code n} (0-based): an affine bijection of the id space
     * followed by two Feistel-style rounds between the digit and the letter block (each round is a bijection),
     * so that consecutive rows get unrelated-looking ids and no two rows share one.
     */
    String customerId(long n) {
        long x = (mulMod(n % ID_SPACE, ID_MULTIPLIER, ID_SPACE) + idOffset) % ID_SPACE;
        long digits = x / LETTER_BLOCKS;
        long letters = x % LETTER_BLOCKS;
        digits = (digits + Math.floorMod(Draw.mix(seed, 3_000_000_000L + letters), DIGIT_BLOCKS)) % DIGIT_BLOCKS;
        letters = (letters + Math.floorMod(Draw.mix(seed, 4_000_000_000L + digits), LETTER_BLOCKS)) % LETTER_BLOCKS;
        char[] out = new char[10];
        for (int i = 3; i >= 0; i--) {
            out[i] = (char) ('0' + digits % 10);
            digits /= 10;
        }
        out[4] = '-';
        for (int i = 9; i >= 5; i--) {
            out[i] = (char) ('A' + letters % 26);
            letters /= 26;
        }
        return new String(out);
    }

    /** a*b mod m without overflow for a, b, m below 2^37. */
    static long mulMod(long a, long b, long m) {
        long high = b >>> 20;
        long low = b & 0xFFFFF;
        return ((a * high % m) * (1L << 20) % m + a * low % m) % m;
    }

    private static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }
}
