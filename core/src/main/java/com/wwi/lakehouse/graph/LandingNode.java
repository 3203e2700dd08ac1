package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Expectation;

import java.util.List;
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
    /** What a source field the schema does not know becomes. */
    public enum Drift {
        /**
         * Kept as JSON in the Bronze column {@code _rescued_data} (JSON sources); a CSV row of another width is
         * quarantined. The only policy today; adding columns on the fly is issue 18's.
         */
        RESCUE
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

    /** The Bronze table this landing appends to. */
    public TableNode bronze() {
        return new TableNode(dataset.bronzePath(), Layer.BRONZE, dataset.bronzeSchema(), List.of(),
                Follows.LANDING, -1, List.of(), null);
    }
}
