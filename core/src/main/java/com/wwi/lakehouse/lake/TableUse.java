package com.wwi.lakehouse.lake;

/**
 * What a caller is about to do with a table: each use needs its own set of the table's protocol features honoured
 * ({@link LakeTable#refusal}). The stages declare theirs through the graph (a Bronze table is appended to, a table
 * of sums MERGEd, every table compacted, vacuumed and checkpointed by the maintenance).
 */
public enum TableUse {
    READ("read"),
    APPEND("append to"),
    /** Removes rows and adds others (MERGE, a recompute): a data change. */
    REWRITE("rewrite"),
    /** Rewrites files without changing the rows (compaction, dataChange false). */
    COMPACT("compact"),
    VACUUM("vacuum"),
    CHECKPOINT("checkpoint"),
    ALTER("change the schema of");

    private final String verb;

    TableUse(String verb) {
        this.verb = verb;
    }

    /** As in "cannot append to ...". */
    public String verb() {
        return verb;
    }

    /** Whether the use writes new rows (so constraints, generated and identity columns would apply). */
    public boolean writesRows() {
        return this == APPEND || this == REWRITE;
    }
}
