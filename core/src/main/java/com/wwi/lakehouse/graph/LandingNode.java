package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.datasets.Dataset;

import java.util.Objects;

/**
 * A landing dataset of the pipeline: its folder, format, source schema and expectations (with their actions) are the
 * {@link Dataset}'s; the Bronze table it lands in; and what happens when the source changes shape.
 *
 * @param dataset the dataset
 * @param drift   the schema drift policy
 */
public record LandingNode(Dataset dataset, Drift drift) {
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
        Objects.requireNonNull(drift, "drift");
    }

    /** The Bronze table this landing appends to. */
    public TableNode bronze() {
        return new TableNode(dataset.bronzePath(), Layer.BRONZE, dataset.bronzeSchema(), java.util.List.of(),
                Follows.LANDING, -1, java.util.List.of(), null);
    }
}
