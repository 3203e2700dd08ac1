package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;

import com.wwi.lakehouse.errors.Errors;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A landing dataset of the pipeline: its folder, format and source schema are the {@link Dataset}'s; the expectations
 * its records meet, with their actions (the dataset's own unless the graph declares others); the Bronze table it
 * lands in; and what happens when the source changes shape.
 *
 * @param dataset      the dataset
 * @param expectations the rules applied to every typed record, in order
 * @param drift        the schema drift policy
 */
public record LandingNode(Dataset dataset, List<Expectation> expectations, Drift drift) {
    /**
     * What a source field the Bronze table does not know becomes: a JSON field no column matches (names ignoring
     * case), or a CSV header column beyond the declared ones whose name no column matches (names normalised by
     * {@link Dataset#columnName}). A value that does not fit its column's type is quarantined whatever the policy:
     * no column's type is ever changed or widened. Files without a header (store-transactions) have no field names,
     * so no field is unknown there: a row of another width is quarantined under every policy.
     */
    public enum Drift {
        /** Kept as JSON (the field's name as the source spells it, and its value) in {@code _rescued_data}. */
        RESCUE,
        /**
         * Added to the Bronze table as a nullable column at its end (after the lineage columns), in one metadata
         * commit with an event-log row (status {@code evolved}); the record and later ones fill it. The column's
         * name is the field's, normalised ({@link Dataset#columnName}); its type is STRING for CSV, and for JSON the
         * first value's: string STRING, integer LONG, other number DOUBLE, true/false BOOLEAN. A JSON null, object or
         * array, or a name that normalises onto a column already there, is rescued instead.
         */
        EVOLVE,
        /** The record goes to the quarantine (kind {@code schema}), the reason naming the unknown fields. */
        STRICT;

        /** The name in the graph, the page and {@code LAKEHOUSE_DRIFT}: {@code rescue}, {@code evolve}, {@code strict}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The overrides {@code LAKEHOUSE_DRIFT} holds, {@code folder=policy} separated by commas (e.g.
         * {@code tweets=evolve,campaigns=strict}), by folder; empty for a blank text.
         *
         * @param folders the landing folders a key may name
         * @throws IllegalArgumentException one line naming what is wrong and what to write
         */
        public static Map<String, Drift> parseOverrides(String text, Collection<String> folders) {
            Map<String, Drift> out = new LinkedHashMap<>();
            if (text == null || text.isBlank()) {
                return out;
            }
            for (String part : text.split(",", -1)) {
                String p = part.strip();
                int eq = p.indexOf('=');
                String folder = eq < 0 ? p : p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String policy = eq < 0 ? "" : p.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
                if (eq < 0 || folder.isEmpty() || policy.isEmpty()) {
                    throw new IllegalArgumentException(Errors.badDriftEntry(p, folders));
                }
                if (!folders.contains(folder)) {
                    throw new IllegalArgumentException(Errors.unknownDriftFolder(folder, folders));
                }
                Drift d = Arrays.stream(values()).filter(x -> x.label().equals(policy)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(Errors.unknownDriftPolicy(folder, policy)));
                if (out.put(folder, d) != null) {
                    throw new IllegalArgumentException(Errors.driftTwice(folder));
                }
            }
            return out;
        }
    }

    public LandingNode {
        Objects.requireNonNull(dataset, "dataset");
        expectations = List.copyOf(expectations);
        Objects.requireNonNull(drift, "drift");
    }

    /** The dataset with its own expectations. */
    public LandingNode(Dataset dataset, Drift drift) {
        this(dataset, dataset.expectations(), drift);
    }

    /** The same landing with another drift policy. */
    public LandingNode withDrift(Drift policy) {
        return new LandingNode(dataset, expectations, policy);
    }

    /** The Bronze table this landing appends to. */
    public TableNode bronze() {
        return new TableNode(dataset.bronzePath(), Layer.BRONZE, dataset.bronzeSchema(), List.of(),
                Follows.LANDING, -1, List.of(), null);
    }
}
