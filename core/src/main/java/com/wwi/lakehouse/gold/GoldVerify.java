package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.progress.Progress;

import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The correctness guard of the Gold layer: recomputes every Gold table from scratch, from the exact input versions
 * the table says it consumed (its {@code gold/<table>} txn), and compares the result with what is in the lake, as
 * multisets of rows. Inputs that moved after the last refresh do not count as differences.
 */
public final class GoldVerify {
    /** How many differing rows of each kind a result keeps, to keep the report readable. */
    public static final int MAX_SHOWN = 20;
    /** A Gold table's verdict; its {@link #label()} is what {@code verify} prints. */
    public enum Verdict {
        /** The table equals its recomputation from the input versions it consumed. */
        OK,
        /** It does not: {@code verify --repair} rebuilds it. */
        DIFFERS,
        /** The table or its txn is absent: the refresh has not run yet. */
        NOT_REFRESHED,
        /** The input versions it consumed can no longer be read (vacuumed after a compaction). */
        UNVERIFIABLE,
        /** The table or an input needs Delta features this pipeline cannot honour; {@code inputVersions} says which. */
        REFUSED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The status of a table whose consumed input versions can no longer be read. */
    public static final String UNVERIFIABLE = Verdict.UNVERIFIABLE.label();

    /**
     * One Gold table's verdict. {@code status} is {@code ok}, {@code differs}, {@code not-refreshed} (the table
     * or its txn is absent: the refresh has not run yet) or {@code unverifiable} (the input versions it consumed
     * can no longer be read: a VACUUM deleted their files after a compaction; a refresh moves it to versions that
     * can be read). {@code missing} are rows the recomputation has and the
     * table lacks, {@code unexpected} rows the table has and the recomputation lacks (at most {@link #MAX_SHOWN}
     * each; the counts are exact).
     */
    public record Result(String table, Verdict verdict, String inputVersions, long rows, long expectedRows,
                         long missingCount, long unexpectedCount, List<String> missing, List<String> unexpected) {
        public boolean ok() {
            return verdict != Verdict.DIFFERS;
        }

        /** The verdict's label. */
        public String status() {
            return verdict.label();
        }
    }

    private GoldVerify() {
    }

    /** Verifies every table the Gold refresh maintains in this graph. */
    public static List<Result> verify(Lake lake, PipelineGraph graph) {
        return verify(lake, graph, Progress.NONE);
    }

    /** The same, telling {@code progress} of each table done. */
    public static List<Result> verify(Lake lake, PipelineGraph graph, Progress progress) {
        List<Result> out = new ArrayList<>();
        try (Progress.Task task = progress.start("verify", graph.gold().size(), "tables")) {
            for (TableNode d : graph.gold()) {
                task.note(d.path());
                try {
                    out.add(verify(lake, d));
                } catch (TableRefusedException e) {
                    // one table another engine upgraded: say so, verify the others
                    out.add(new Result(d.path(), Verdict.REFUSED, e.getMessage(), -1, -1, 0, 0, List.of(), List.of()));
                }
                task.step();
            }
        }
        return out;
    }

    static Result verify(Lake lake, TableNode d) {
        LakeTable gold = lake.table(d.path());
        Optional<Long> consumed = gold.exists() ? gold.txnVersion(GoldRefresh.appId(d)) : Optional.empty();
        if (consumed.isEmpty()) {
            return new Result(d.path(), Verdict.NOT_REFRESHED, "-", 0, 0, 0, 0, List.of(), List.of());
        }
        long[] versions = GoldRefresh.unpack(consumed.get(), d.inputs().size());
        List<List<Object[]>> inputs = new ArrayList<>();
        StringBuilder desc = new StringBuilder();
        for (int i = 0; i < versions.length; i++) {
            desc.append(i == 0 ? "" : ",").append(d.inputs().get(i)).append('@').append(versions[i]);
        }
        for (int i = 0; i < versions.length; i++) {
            try {
                inputs.add(GoldPlanner.readAt(lake.table(d.inputs().get(i)), versions[i]));
            } catch (LakeException e) {
                if (!(e.getCause() instanceof FileNotFoundException)) {
                    throw e;
                }
                return new Result(d.path(), Verdict.UNVERIFIABLE, desc.toString(), gold.readAll().size(), -1, 0, 0, List.of(),
                        List.of());
            }
        }
        List<Object[]> expected = d.compute().apply(inputs);
        List<Object[]> actual = gold.readAll();
        Map<String, Integer> counts = new TreeMap<>();
        expected.forEach(r -> counts.merge(Arrays.toString(r), 1, Integer::sum));
        actual.forEach(r -> counts.merge(Arrays.toString(r), -1, Integer::sum));
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long missingCount = 0;
        long unexpectedCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int n = e.getValue();
            if (n > 0) {
                missingCount += n;
                if (missing.size() < MAX_SHOWN) {
                    missing.add(e.getKey() + (n > 1 ? " x" + n : ""));
                }
            } else if (n < 0) {
                unexpectedCount += -n;
                if (unexpected.size() < MAX_SHOWN) {
                    unexpected.add(e.getKey() + (n < -1 ? " x" + -n : ""));
                }
            }
        }
        Verdict verdict = missingCount == 0 && unexpectedCount == 0 ? Verdict.OK : Verdict.DIFFERS;
        return new Result(d.path(), verdict, desc.toString(), actual.size(), expected.size(), missingCount,
                unexpectedCount, missing, unexpected);
    }
}
