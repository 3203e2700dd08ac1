package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.gold.GoldRefresh;
import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.HistoryEntry;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.silver.SilverStage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far each derived table is behind its inputs, now, from the Delta logs alone (what the telemetry reports after
 * every timer run, so that an alert fires when a table stops following): per table the most versions any input is
 * ahead of the version the table consumed, and the seconds since the oldest input commit the table has not consumed
 * (0 when it is caught up). Gold tables say what they consumed in their txn; Silver in the catch-up's watermark.
 */
public final class Freshness {
    /** Commits read back to find the first unconsumed one; older than that, the oldest read is the bound. */
    private static final int HISTORY = 200;

    /** One table: versions and seconds behind its most-behind input. */
    public record Behind(String table, String layer, long versions, long seconds) {
    }

    private Freshness() {
    }

    /** Every Silver and Gold table of the graph that exists and records what it consumed. */
    public static List<Behind> of(Lake lake, PipelineGraph graph, Instant now) {
        List<Behind> out = new ArrayList<>();
        for (TableNode t : graph.tables()) {
            if (t.inputs().isEmpty()) {
                continue;
            }
            LakeTable table = lake.table(t.path());
            if (!table.exists()) {
                continue;
            }
            try {
                Map<String, Long> consumed = consumed(table, t);
                if (consumed.isEmpty()) {
                    continue;
                }
                long versions = 0;
                long seconds = 0;
                for (Map.Entry<String, Long> e : consumed.entrySet()) {
                    LakeTable input = lake.table(e.getKey());
                    if (!input.exists()) {
                        continue;
                    }
                    long behind = Math.max(0, input.version() - e.getValue());
                    versions = Math.max(versions, behind);
                    if (behind > 0) {
                        Instant waiting = firstUnconsumed(input, e.getValue());
                        seconds = Math.max(seconds, Math.max(0, Duration.between(waiting, now).toSeconds()));
                    }
                }
                out.add(new Behind(t.path(), t.path().substring(0, t.path().indexOf('/')), versions, seconds));
            } catch (TableRefusedException e) {
                // a table (or an input) another engine upgraded has no freshness we can read; the others do
            }
        }
        return out;
    }

    /** Per input, the version a Gold table consumed (its txn); empty before its first refresh. */
    public static Map<String, Long> consumedByGold(LakeTable table, TableNode t) {
        Map<String, Long> consumed = new LinkedHashMap<>();
        Optional<Long> packed = table.txnVersion(GoldRefresh.appId(t));
        if (packed.isPresent()) {
            long[] v = GoldRefresh.unpack(packed.get(), t.inputs().size());
            for (int i = 0; i < v.length; i++) {
                consumed.put(t.inputs().get(i), v[i]);
            }
        }
        return consumed;
    }

    private static Map<String, Long> consumed(LakeTable table, TableNode t) {
        Map<String, Long> consumed = new LinkedHashMap<>();
        if (t.follows().isGold()) {
            consumed.putAll(consumedByGold(table, t));
        } else if (t.follows() == Follows.SCORED && t.inputs().size() == 1) {
            table.txnVersion(SilverStage.WATERMARK).ifPresent(v -> consumed.put(t.inputs().get(0), v));
        }
        return consumed;
    }

    /** When the first version after {@code consumed} was committed (the oldest of the recent history, if older). */
    private static Instant firstUnconsumed(LakeTable input, long consumed) {
        Instant oldest = null;
        for (HistoryEntry h : input.history(HISTORY)) {
            if (h.version() <= consumed) {
                continue;
            }
            if (oldest == null || h.timestamp().isBefore(oldest)) {
                oldest = h.timestamp();
            }
        }
        return oldest == null ? Instant.now() : oldest;
    }
}
