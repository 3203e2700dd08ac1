package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.Txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what one attempt at a Gold table commits ({@link GoldPlan}) from one snapshot of the table and its inputs,
 * writing nothing: the input versions (packed into the txn version), the strategy the table's {@link Follows}
 * declares (a recompute instead when input rows were deleted or updated), the rows to add and the files to remove.
 */
final class GoldPlanner {
    private final Lake lake;

    GoldPlanner(Lake lake) {
        this.lake = lake;
    }

    /** The refresh of {@code d}: skip, append, MERGE, or replace what changed. */
    GoldPlan refresh(TableNode d, LakeTable gold) {
        long packed = 0;
        List<LakeTable> tables = new ArrayList<>();
        Map<String, Long> inputVersions = new LinkedHashMap<>();
        long[] versions = new long[d.inputs().size()];
        for (int i = 0; i < versions.length; i++) {
            LakeTable t = lake.table(d.inputs().get(i));
            tables.add(t);
            versions[i] = versionOf(t);
            packed = GoldRefresh.pack(packed, versions[i]);
            inputVersions.put(d.inputs().get(i), versions[i]);
        }
        Optional<Long> consumed = gold.txnVersion(GoldRefresh.appId(d));
        if (consumed.orElse(-1L) >= packed) {
            return GoldPlan.skip(d, inputVersions, consumed.orElse(-1L), gold.version());
        }
        // every commit is conditional on the consumed version: a concurrent refresh that got there first fails it
        Txn txn = new Txn(GoldRefresh.appId(d), packed, consumed.orElse(Txn.NONE));
        long after = consumed.orElse(-1L);
        Follows kind = d.follows();
        // an appended or MERGEd table reads only the input commits after the consumed version, up to the recorded one
        List<LakeTable.Commit> commits = kind == Follows.RECOMPUTE || !tables.get(0).exists() ? List.of()
                : tables.get(0).commitsBetween(after, packed);
        if (commits.stream().anyMatch(LakeTable.Commit::removedData)) {
            // rows were deleted or updated in the input: adding what was appended is no longer the whole change
            kind = Follows.RECOMPUTE;
        }
        return switch (kind) {
            case SUMS -> merge(d, gold, added(tables.get(0), commits), inputVersions, after, txn);
            case APPEND -> {
                List<Object[]> rows = added(tables.get(0), commits);
                yield new GoldPlan(d, GoldPlan.Strategy.APPEND, inputVersions, after, gold.version(), List.of(txn),
                        List.of(), d.compute().apply(List.of(rows)), rows.size(),
                        "appended the input added after version " + after);
            }
            case RECOMPUTE -> {
                List<List<Object[]>> inputs = new ArrayList<>();
                long rowsIn = 0;
                for (int i = 0; i < tables.size(); i++) {
                    // read the snapshot whose version the txn records, not whatever arrived since
                    inputs.add(readAt(tables.get(i), versions[i]));
                    rowsIn += inputs.get(i).size();
                }
                GoldPlan plan = replaceChanged(d, gold, d.compute().apply(inputs), inputVersions, after, txn, rowsIn);
                yield kind == d.follows() ? plan : plan.withMessage("input rows were deleted or updated after version "
                        + after + ", so the table was recomputed: " + plan.message());
            }
            default -> throw new IllegalStateException(d.path() + " follows " + kind + ", not a Gold refresh");
        };
    }

    /**
     * The rebuild of {@code d}: recomputed from its inputs at their current versions (each input version read once
     * per rebuild, shared through {@code read}), overwriting every file the table holds now.
     */
    GoldPlan rebuild(TableNode d, LakeTable gold, Map<String, List<Object[]>> read) {
        // what the table holds first, then the inputs: inputs only move forward, so packed >= consumed
        String appId = GoldRefresh.appId(d);
        long consumed = gold.txnVersion(appId).orElse(Txn.NONE);
        long tableVersion = gold.version();
        List<DataFile> planned = gold.files();
        long packed = 0;
        long rowsIn = 0;
        Map<String, Long> inputVersions = new LinkedHashMap<>();
        List<List<Object[]>> inputs = new ArrayList<>();
        for (String in : d.inputs()) {
            LakeTable t = lake.table(in);
            long v = versionOf(t);
            packed = GoldRefresh.pack(packed, v);
            inputVersions.put(in, v);
            inputs.add(read.computeIfAbsent(in + "@" + v, k -> readAt(t, v)));
            rowsIn += inputs.get(inputs.size() - 1).size();
        }
        // a table that already records these versions keeps its txn (a txn at the same version would skip)
        List<Txn> txns = consumed >= packed ? List.of() : List.of(new Txn(appId, packed, consumed));
        return new GoldPlan(d, GoldPlan.Strategy.OVERWRITE, inputVersions, consumed, tableVersion, txns, planned,
                d.compute().apply(inputs), rowsIn, "rebuilt from scratch");
    }

    /**
     * MERGE for a table of sums by key: aggregates the input rows added since the consumed version, then rewrites
     * only the Gold files holding a touched key, adding the new sums to the old, and writes keys not seen before to
     * a new file.
     */
    private static GoldPlan merge(TableNode d, LakeTable gold, List<Object[]> rows, Map<String, Long> inputVersions,
                                  long consumed, Txn txn) {
        Map<List<Object>, Object[]> delta = new LinkedHashMap<>();
        if (!rows.isEmpty() || gold.files().isEmpty()) { // an empty table gets the aggregate of nothing (a null sum)
            for (Object[] r : d.compute().apply(List.of(rows))) {
                delta.put(key(r, d.keys()), r);
            }
        }
        List<DataFile> touched = new ArrayList<>();
        List<Object[]> rewritten = new ArrayList<>();
        if (!delta.isEmpty()) {
            for (DataFile f : gold.files()) {
                List<Object[]> held = new ArrayList<>();
                gold.scan(List.of(f), held::add);
                boolean hit = false;
                for (Object[] r : held) {
                    hit |= delta.containsKey(key(r, d.keys()));
                }
                if (hit) {
                    touched.add(f);
                    for (Object[] r : held) {
                        Object[] add = delta.remove(key(r, d.keys()));
                        rewritten.add(add == null ? r : GoldRefresh.plus(r, add, d.keys()));
                    }
                }
            }
            rewritten.addAll(delta.values()); // keys seen for the first time
        }
        return new GoldPlan(d, GoldPlan.Strategy.MERGE, inputVersions, consumed, gold.version(), List.of(txn), touched,
                rewritten, rows.size(), "merged the input added after version " + consumed + ": rewrote "
                + touched.size() + " of the table's files");
    }

    private static List<Object> key(Object[] row, int keys) {
        return Arrays.asList(row).subList(0, keys);
    }

    /**
     * Makes the table hold exactly {@code rows} (as a multiset), rewriting only what differs: a file whose rows are
     * all still wanted stays, a file holding a row no longer wanted is removed, and the wanted rows no kept file
     * holds go to new files. With nothing to change the commit records only the txn.
     */
    static GoldPlan replaceChanged(TableNode d, LakeTable gold, List<Object[]> rows, Map<String, Long> inputVersions,
                                   long consumed, Txn txn, long rowsIn) {
        Map<List<Object>, Integer> wanted = new HashMap<>();
        for (Object[] r : rows) {
            wanted.merge(Arrays.asList(r), 1, Integer::sum);
        }
        List<DataFile> files = gold.files();
        List<DataFile> remove = new ArrayList<>();
        for (DataFile f : files) {
            List<Object[]> held = new ArrayList<>();
            gold.scan(List.of(f), held::add);
            List<List<Object>> taken = new ArrayList<>();
            boolean keep = true;
            for (Object[] r : held) {
                List<Object> key = Arrays.asList(r);
                if (!take(wanted, key)) {
                    keep = false;
                    break;
                }
                taken.add(key);
            }
            if (!keep) {
                taken.forEach(k -> wanted.merge(k, 1, Integer::sum)); // give back what this file took
                remove.add(f);
            }
        }
        List<Object[]> add = new ArrayList<>();
        for (Object[] r : rows) {
            if (take(wanted, Arrays.asList(r))) {
                add.add(r);
            }
        }
        return new GoldPlan(d, GoldPlan.Strategy.REPLACE_CHANGED, inputVersions, consumed, gold.version(),
                List.of(txn), remove, add, rowsIn, "recomputed " + rows.size() + " rows: replaced " + remove.size()
                + " of " + files.size() + " files, wrote " + add.size() + " rows");
    }

    /** Takes one {@code key} out of a multiset of counts; false when none is left. */
    private static boolean take(Map<List<Object>, Integer> multiset, List<Object> key) {
        Integer n = multiset.get(key);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            multiset.remove(key);
        } else {
            multiset.put(key, n - 1);
        }
        return true;
    }

    /** An input's current version; 0 (empty) when it does not exist yet. */
    private static long versionOf(LakeTable t) {
        return Math.max(0, t.exists() ? t.version() : 0);
    }

    /** The rows of {@code t} at {@code version}; none when the table does not exist or is at version 0 (empty). */
    static List<Object[]> readAt(LakeTable t, long version) {
        List<Object[]> rows = new ArrayList<>();
        if (t.exists() && version > 0) {
            t.scan(t.filesAt(version), rows::add);
        }
        return rows;
    }

    /**
     * The rows of the files the given commits of {@code t} added; compaction's rewrites (no data change) hold rows
     * already consumed and are left out.
     */
    static List<Object[]> added(LakeTable t, List<LakeTable.Commit> commits) {
        List<DataFile> files = new ArrayList<>();
        for (LakeTable.Commit c : commits) {
            for (DataFile f : c.added()) {
                if (f.dataChange()) {
                    files.add(f);
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        if (!files.isEmpty()) { // nothing to read, and the table may not exist yet
            t.scan(files, rows::add);
        }
        return rows;
    }
}
