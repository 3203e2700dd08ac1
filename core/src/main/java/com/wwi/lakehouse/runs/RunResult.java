package com.wwi.lakehouse.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of a step did, once it is over: immutable; one row of {@code _system/event_log}.
 *
 * @param runId           random id, also in the quarantine rows the run wrote
 * @param stage           the step
 * @param startedAt       when it started
 * @param table           the table it wrote (or would have), when there is one
 * @param source          what it read: {@code landing/<path>}, {@code eventhub:<hub>/<partition>[first..last]}, input tables
 * @param status          how it ended
 * @param durationMs      from start to end
 * @param rowsIn          records read
 * @param rowsWritten     rows committed to {@code table}
 * @param rowsQuarantined records committed to the quarantine
 * @param rowsDuplicate   records already committed by an earlier or concurrent delivery
 * @param expectations    per rule: its action and how many rows broke it
 * @param inputVersions   per input table, the version this run consumed (Silver, Gold)
 * @param tableVersion    the table's version after the run, or -1
 * @param message         the error or the reason, when there is one
 */
public record RunResult(String runId, Stage stage, Instant startedAt, String table, String source, RunStatus status,
                        long durationMs, long rowsIn, long rowsWritten, long rowsQuarantined, long rowsDuplicate,
                        Map<String, ExpectationCount> expectations, Map<String, Long> inputVersions, long tableVersion,
                        String message) {

    /** One rule's outcome in a run: its action ({@code warn}, {@code drop}, {@code fail}) and the rows that broke it. */
    public record ExpectationCount(String action, long failed) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    public RunResult {
        expectations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expectations));
        inputVersions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputVersions));
    }

    public boolean failed() {
        return status == RunStatus.FAILED;
    }

    /** Rows that broke the named rule (0 when none did). */
    public long expectationFailures(String name) {
        ExpectationCount e = expectations.get(name);
        return e == null ? 0 : e.failed();
    }

    /** The same result with another message (a note added after the run was recorded, e.g. a file not moved). */
    public RunResult withMessage(String newMessage) {
        return new RunResult(runId, stage, startedAt, table, source, status, durationMs, rowsIn, rowsWritten,
                rowsQuarantined, rowsDuplicate, expectations, inputVersions, tableVersion, newMessage);
    }

    /** in = written + quarantined + duplicate: every record read is accounted for (a rejected run writes none). */
    public boolean accountedFor() {
        return status == RunStatus.REJECTED || status == RunStatus.FAILED
                || rowsIn == rowsWritten + rowsQuarantined + rowsDuplicate;
    }

    /** A map as one JSON object (records as objects of their fields), or null when empty. */
    private static String json(Map<String, ?> m) {
        if (m.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a run's " + m + " as JSON", e);
        }
    }

    /** The event log row, in {@link SystemTables#EVENT_LOG_SCHEMA} order. */
    Object[] toRow() {
        return new Object[]{runId, stage.label(), table, source, status.label(), startedAt, durationMs, rowsIn,
                rowsWritten, rowsQuarantined, rowsDuplicate, json(expectations), tableVersion, message, json(inputVersions)};
    }

    @Override
    public String toString() {
        return stage + " " + (source == null ? "" : source) + " -> " + table + ": " + status + ", " + rowsIn + " in, "
                + rowsWritten + " written, " + rowsQuarantined + " quarantined"
                + (rowsDuplicate > 0 ? ", " + rowsDuplicate + " duplicate" : "")
                + (message == null ? "" : " (" + message + ")");
    }
}
