package com.wwi.lakehouse.graph;

/** How a table follows its inputs: the step that writes it, and how much of its input each run reads. */
public enum Follows {
    /** Bronze: appended by the landing of its dataset (files and Event Hub batches), exactly once. */
    LANDING,
    /** Silver: each Bronze commit cleaned, filtered and scored, exactly once per Bronze txn. */
    SCORED,
    /** Gold: a row-wise function of one append-only input, appended with the result over the rows added since. */
    APPEND,
    /** Gold: sums by key over one append-only input, MERGEd with the sums of the rows added since. */
    SUMS,
    /** Gold: recomputed from its inputs at their new versions; only the files holding changed rows are replaced. */
    RECOMPUTE,
    /** The pipeline's own tables (event log, quarantine), appended by every step. */
    SYSTEM;

    /** True for the ways the Gold refresh maintains. */
    public boolean isGold() {
        return this == APPEND || this == SUMS || this == RECOMPUTE;
    }
}
