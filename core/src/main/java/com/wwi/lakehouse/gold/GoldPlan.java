package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Txn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one attempt to bring a Gold table up to date will commit, decided by {@link GoldPlanner} from one snapshot of
 * the table and its inputs, before anything is written: immutable. {@link GoldWriter} commits it; the run's metrics
 * come from it and the commit's result. A dry run would print it.
 *
 * @param table         the table
 * @param strategy      how it follows its inputs this time
 * @param inputVersions per input, the version read (what the txn records)
 * @param consumed      the packed input versions the table recorded before, or -1
 * @param tableVersion  the table's version planned on
 * @param txns          the txn the commit carries (none when the table records these versions already)
 * @param replace       the table's files the commit removes
 * @param write         the rows the commit adds
 * @param rowsIn        input rows read
 * @param message       what the commit does, in words
 */
public record GoldPlan(TableNode table, Strategy strategy, Map<String, Long> inputVersions, long consumed,
                       long tableVersion, List<Txn> txns, List<DataFile> replace, List<Object[]> write, long rowsIn,
                       String message) {
    /** How a plan changes the table. */
    public enum Strategy {
        /** The inputs have not moved since the consumed versions: nothing to commit. */
        SKIP("WRITE"),
        /** Add the rows computed from the input rows added after the consumed version. */
        APPEND("WRITE"),
        /** Sums by key: rewrite the files holding a touched key with the new sums added; new keys to a new file. */
        MERGE("MERGE"),
        /** Recompute from the inputs at their versions; replace only the files holding a row no longer wanted. */
        REPLACE_CHANGED("MERGE"),
        /** Recompute from scratch and overwrite every file (the rebuild). */
        OVERWRITE("WRITE");

        private final String operation;

        Strategy(String operation) {
            this.operation = operation;
        }

        /** The operation the commit records when it removes files (delta-spark's names). */
        public String operation() {
            return operation;
        }
    }

    public GoldPlan {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(strategy, "strategy");
        inputVersions = Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
        txns = List.copyOf(txns);
        replace = List.copyOf(replace);
        write = Collections.unmodifiableList(write);
    }

    /** Nothing to commit. */
    static GoldPlan skip(TableNode table, Map<String, Long> inputVersions, long consumed, long tableVersion) {
        return new GoldPlan(table, Strategy.SKIP, inputVersions, consumed, tableVersion, List.of(), List.of(),
                List.of(), 0, "inputs unchanged");
    }

    public boolean skipped() {
        return strategy == Strategy.SKIP;
    }

    /** The same plan with another message. */
    GoldPlan withMessage(String newMessage) {
        return new GoldPlan(table, strategy, inputVersions, consumed, tableVersion, txns, replace, write, rowsIn,
                newMessage);
    }
}
