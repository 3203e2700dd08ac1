package com.wwi.lakehouse.sample;

import java.util.List;

/**
 * The kinds of corrupted record that {@link SampleDataGenerator#generate(java.nio.file.Path, double, long, double,
 * java.util.function.Consumer)} injects when asked for bad records. Every bad record is still exactly one non-blank
 * line without NUL bytes; headers are never touched. {@link #INVALID_UTF8} is the only kind shared by the tweets and
 * the CSV datasets.
 */
public enum BadRecordKind {

    // ------------------------------------------------------------------ tweets (JSON lines)

    /** Malformed JSON: the tweet's object cut off part way (between a third and two thirds of its length). */
    TRUNCATED_JSON,
    /** A JSON array of the tweet's twelve values in {@link Tweet#KEYS} order (no city: null) instead of an object. */
    JSON_ARRAY,
    /** A JSON string (the tweet's text) instead of an object. */
    JSON_STRING,
    /** A field of the wrong type: {@code "retweetcount":"many"}. */
    WRONG_TYPE,
    /** A time that is no timestamp: {@code "time":"yesterday"} or {@code "time":"2021-13-45T25:61:00Z"}. */
    BAD_TIMESTAMP,
    /** The required city missing: the {@code city} key left out, or {@code "city":null}. */
    MISSING_CITY,
    /** The same field twice in different letter case, with different values: {@code "city":"A","City":"B"}. */
    DUPLICATE_KEY,
    /** Text after the object: {@code {...} trailing}. */
    TRAILING_TEXT,

    // ------------------------------------------------------------------ CSV datasets

    /** Too few columns: the last one to three fields dropped. */
    TOO_FEW_COLUMNS,
    /** Too many columns: one or two extra fields (copies of fields of the row) appended. */
    TOO_MANY_COLUMNS,
    /**
     * An unterminated quote in a text field, the rest of the line following: {@code "Female,0,...} (a field of the
     * all-quoted store transactions loses its closing quote: {@code "dominicks,"5000",...}). The line then holds an
     * odd number of double quotes.
     */
    UNTERMINATED_QUOTE,
    /**
     * A value that does not parse in a numeric or date column: Campaign_ID {@code one hundred}, Cost {@code abc},
     * Revenue {@code 12.3.4}, CampDate {@code 2021-13-45}; tenure {@code twelve}, UnitPrice {@code abc},
     * TotalAmount {@code 12.5.0}; WeekStarting {@code 1990-13-45}, Store {@code abc}, Quantity {@code ten},
     * Price {@code abc}, Revenue {@code 1.2.3}; sales Quantity {@code ten}, Advert {@code yes}, Price {@code abc}.
     */
    NON_NUMERIC,
    /**
     * A required key left empty: Campaign_Name or CampDate (campaigns), CustomerID (churn), WeekStarting or Store
     * (store transactions, as {@code ""}), Brand (sales).
     */
    MISSING_KEY,

    // ------------------------------------------------------------------ both

    /**
     * The bytes {@code 0xC3 0x28} (a UTF-8 lead byte followed by {@code (}, which is no continuation byte) inside a
     * text value: the tweet's text, or a text field of a CSV row (inside the quotes for the store transactions).
     * The rest of the line stays UTF-8.
     */
    INVALID_UTF8;

    private static final List<BadRecordKind> JSON_KINDS = List.of(TRUNCATED_JSON, JSON_ARRAY, JSON_STRING, WRONG_TYPE,
            BAD_TIMESTAMP, MISSING_CITY, DUPLICATE_KEY, INVALID_UTF8, TRAILING_TEXT);
    private static final List<BadRecordKind> CSV_KINDS = List.of(TOO_FEW_COLUMNS, TOO_MANY_COLUMNS, UNTERMINATED_QUOTE,
            NON_NUMERIC, INVALID_UTF8, MISSING_KEY);

    /** The kinds injected into {@code dataset}'s files: nine for the tweets, six for each CSV dataset. */
    public static List<BadRecordKind> forDataset(SampleDataset dataset) {
        return dataset == SampleDataset.TWEETS ? JSON_KINDS : CSV_KINDS;
    }
}
