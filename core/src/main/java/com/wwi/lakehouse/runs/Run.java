package com.wwi.lakehouse.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One run of a step while it goes on: the step adds its counts as it works, then
 * {@link EventLog#finish ends it} into an immutable {@link RunResult}. Used by one thread at a time. The status
 * starts as {@link RunStatus#COMMITTED}; a step sets another when it ends otherwise.
 */
public final class Run {
    private final String runId;
    private final Stage stage;
    private final Instant startedAt;
    private String table;
    private String source;
    private RunStatus status = RunStatus.COMMITTED;
    private long rowsIn;
    private long rowsWritten;
    private long rowsQuarantined;
    private long rowsDuplicate;
    private final Map<String, RunResult.ExpectationCount> expectations = new LinkedHashMap<>();
    private final Map<String, Long> inputVersions = new LinkedHashMap<>();
    private long tableVersion = -1;
    private String message;

    public Run(String runId, Stage stage, Instant startedAt) {
        this.runId = runId;
        this.stage = stage;
        this.startedAt = startedAt;
    }

    /** A run of {@code stage} starting now on {@code clock}, with a random id. */
    public static Run start(Stage stage, Clock clock) {
        return new Run(UUID.randomUUID().toString(), stage, clock.instant());
    }

    public String runId() {
        return runId;
    }

    public Stage stage() {
        return stage;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public String table() {
        return table;
    }

    public Run table(String t) {
        table = t;
        return this;
    }

    public String source() {
        return source;
    }

    public Run source(String s) {
        source = s;
        return this;
    }

    public RunStatus status() {
        return status;
    }

    public Run status(RunStatus s) {
        status = s;
        return this;
    }

    public long rowsIn() {
        return rowsIn;
    }

    public Run rowsIn(long n) {
        rowsIn = n;
        return this;
    }

    public Run addRowsIn(long n) {
        rowsIn += n;
        return this;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    public Run rowsWritten(long n) {
        rowsWritten = n;
        return this;
    }

    public Run addRowsWritten(long n) {
        rowsWritten += n;
        return this;
    }

    public long rowsQuarantined() {
        return rowsQuarantined;
    }

    public Run rowsQuarantined(long n) {
        rowsQuarantined = n;
        return this;
    }

    public Run addRowsQuarantined(long n) {
        rowsQuarantined += n;
        return this;
    }

    public long rowsDuplicate() {
        return rowsDuplicate;
    }

    public Run rowsDuplicate(long n) {
        rowsDuplicate = n;
        return this;
    }

    public Run addRowsDuplicate(long n) {
        rowsDuplicate += n;
        return this;
    }

    public long tableVersion() {
        return tableVersion;
    }

    public Run tableVersion(long v) {
        tableVersion = v;
        return this;
    }

    public String message() {
        return message;
    }

    public Run message(String m) {
        message = m;
        return this;
    }

    /** Adds a note to the message ({@code "<message>; <note>"}). */
    public Run note(String note) {
        message = message == null ? note : message + "; " + note;
        return this;
    }

    /** Records that this run consumed {@code version} of the input table {@code path}. */
    public Run inputVersion(String path, long version) {
        inputVersions.put(path, version);
        return this;
    }

    /** Forgets the counts and notes of an attempt that lost its commit (the next attempt starts afresh). */
    public Run resetAttempt() {
        rowsIn = 0;
        rowsWritten = 0;
        message = null;
        inputVersions.clear();
        return this;
    }

    /** Marks the run failed, with the reason. */
    public Run failed(String reason) {
        status = RunStatus.FAILED;
        message = reason;
        return this;
    }

    public void expectationFailed(String name, String action, long n) {
        RunResult.ExpectationCount e = expectations.get(name);
        expectations.put(name, new RunResult.ExpectationCount(action, (e == null ? 0 : e.failed()) + n));
    }

    public long expectationFailures(String name) {
        RunResult.ExpectationCount e = expectations.get(name);
        return e == null ? 0 : e.failed();
    }

    /** The run as it ended, {@code durationMs} after its start. */
    public RunResult result(long durationMs) {
        return new RunResult(runId, stage, startedAt, table, source, status, durationMs, rowsIn, rowsWritten,
                rowsQuarantined, rowsDuplicate, expectations, inputVersions, tableVersion, message);
    }
}
