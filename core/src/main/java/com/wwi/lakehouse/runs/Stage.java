package com.wwi.lakehouse.runs;

import java.util.Locale;

/** The steps that record runs; written to the event log's {@code stage} column as {@link #label()}. */
public enum Stage {
    /** A landed file into its Bronze table. */
    BRONZE_FILE,
    /** An Event Hub batch into Bronze tweets. */
    BRONZE_EVENTHUB,
    /** A Bronze table rebuilt from its landed files (landing and archive): a full refresh. */
    BRONZE_REBUILD,
    /** Bronze tweets cleaned and scored into Silver. */
    SILVER,
    /** Silver rebuilt from Bronze: every row cleaned and scored again (a full refresh). */
    SILVER_REBUILD,
    /** A Gold table brought up to date with its inputs. */
    GOLD_REFRESH,
    /** A Gold table recomputed from scratch. */
    GOLD_REBUILD,
    /** Compaction, VACUUM and checkpoint of one table. */
    MAINTENANCE,
    /** Quarantined records parsed, typed and checked again, and landed in Bronze when they pass. */
    REPLAY;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The event log's value: {@code bronze-file}, {@code gold-refresh}, ... */
    public String label() {
        return label;
    }

    /** The stage an event log row names. */
    public static Stage of(String label) {
        for (Stage s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + label + "' in the event log");
    }

    @Override
    public String toString() {
        return label();
    }
}
