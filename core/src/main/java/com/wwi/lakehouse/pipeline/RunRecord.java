package com.wwi.lakehouse.pipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a stage did; becomes a row of {@code _system/event_log}. Mutable while the run goes on.
 */
public final class RunRecord {
    public final String runId;
    public final String stage;
    public final Instant startedAt;
    public String table;
    public String source;
    public String status = "committed";
    public long durationMs;
    public long rowsIn;
    public long rowsWritten;
    public long rowsQuarantined;
    public long rowsDuplicate;
    /** expectation name -> [action, failed count] */
    public final Map<String, Object[]> expectations = new LinkedHashMap<>();
    public long tableVersion = -1;
    public String message;

    public RunRecord(String runId, String stage, Instant startedAt) {
        this.runId = runId;
        this.stage = stage;
        this.startedAt = startedAt;
    }

    /** Marks the run failed, with the reason. */
    public void failed(String reason) {
        status = "failed";
        message = reason;
    }

    public void expectationFailed(String name, String action, long n) {
        Object[] e = expectations.computeIfAbsent(name, k -> new Object[]{action, 0L});
        e[1] = (Long) e[1] + n;
    }

    public long expectationFailures(String name) {
        Object[] e = expectations.get(name);
        return e == null ? 0 : (Long) e[1];
    }

    String expectationsJson() {
        if (expectations.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object[]> e : expectations.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append('"').append(e.getKey()).append("\":{\"action\":\"").append(e.getValue()[0])
                    .append("\",\"failed\":").append(e.getValue()[1]).append('}');
        }
        return sb.append('}').toString();
    }

    Object[] toRow() {
        return new Object[]{runId, stage, table, source, status, startedAt, durationMs, rowsIn, rowsWritten,
                rowsQuarantined, rowsDuplicate, expectationsJson(), tableVersion, message};
    }

    @Override
    public String toString() {
        return stage + " " + (source == null ? "" : source) + " -> " + table + ": " + status + ", " + rowsIn + " in, "
                + rowsWritten + " written, " + rowsQuarantined + " quarantined"
                + (rowsDuplicate > 0 ? ", " + rowsDuplicate + " duplicate" : "")
                + (message == null ? "" : " (" + message + ")");
    }
}
