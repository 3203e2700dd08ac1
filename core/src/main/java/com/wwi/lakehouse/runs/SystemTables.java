package com.wwi.lakehouse.runs;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;

import java.util.List;
import java.util.Map;

import static com.wwi.lakehouse.lake.Column.of;
import static com.wwi.lakehouse.lake.ColumnType.LONG;
import static com.wwi.lakehouse.lake.ColumnType.STRING;
import static com.wwi.lakehouse.lake.ColumnType.TIMESTAMP;

/**
 * The pipeline's own tables under {@code _system/}: the event log of runs, the quarantine of bad records, and the
 * resolutions of quarantined records a replay landed in Bronze.
 */
public final class SystemTables {
    public static final String EVENT_LOG = "_system/event_log";
    public static final String QUARANTINE = "_system/quarantine";
    public static final String QUARANTINE_RESOLUTIONS = "_system/quarantine_resolutions";

    public static final TableSchema EVENT_LOG_SCHEMA = TableSchema.of(
            Column.required("run_id", STRING),
            Column.required("stage", STRING).withComment("bronze-file, bronze-eventhub, silver, gold-refresh, gold-rebuild,"
                    + " maintenance"),
            of("table_name", STRING),
            of("source", STRING).withComment("file path, or eventhub:<hub>/<partition>[<first>..<last>]"),
            Column.required("status", STRING).withComment("committed, skipped, empty, rejected, failed"),
            Column.required("started_at", TIMESTAMP),
            of("duration_ms", LONG),
            of("rows_in", LONG).withComment("records read from the source"),
            of("rows_written", LONG),
            of("rows_quarantined", LONG),
            of("rows_duplicate", LONG).withComment("records already committed by an earlier delivery"),
            of("expectations", STRING).withComment("JSON: name -> {action, failed}"),
            of("table_version", LONG),
            of("message", STRING).withComment("the error or the reason, when there is one"),
            // added after the first release: existing event logs gain it on open (null in their older rows)
            of("input_versions", STRING).withComment("JSON: input table -> the version this run consumed"));

    public static final TableSchema QUARANTINE_SCHEMA = TableSchema.of(
            Column.required("dataset", STRING),
            Column.required("source", STRING),
            of("source_offset", LONG).withComment("line number in the file, or event sequence number"),
            of("raw", STRING),
            Column.required("raw_encoding", STRING).withComment("utf8, or base64 when the bytes were not UTF-8"),
            Column.required("error_kind", STRING).withComment("parse, schema or expectation"),
            Column.required("reason", STRING),
            of("expectation", STRING),
            Column.required("quarantined_at", TIMESTAMP),
            Column.required("run_id", STRING));

    /**
     * One row per quarantined record a replay landed in Bronze (the quarantine itself is never rewritten). Keyed by
     * the record's identity ({@code ingest.QuarantineRecord#id}); each commit carries one txn per record, the same
     * appId as the Bronze commit that landed it, so a record is resolved once.
     */
    public static final TableSchema QUARANTINE_RESOLUTIONS_SCHEMA = TableSchema.of(
            Column.required("record_id", STRING).withComment("the quarantined record's identity (hash of its row)"),
            Column.required("dataset", STRING),
            of("source", STRING),
            of("source_offset", LONG),
            Column.required("resolution", STRING).withComment("replayed, or edited (landed with an edited payload)"),
            of("bronze_table", STRING),
            of("bronze_version", LONG).withComment("the Bronze version that holds the row; null when an earlier,"
                    + " interrupted replay landed it"),
            of("edited_raw", STRING).withComment("the edited payload that landed instead of the quarantined one"),
            Column.required("resolved_at", TIMESTAMP),
            Column.required("run_id", STRING).withComment("the replay run (the event log's run_id)"));

    public static final TableSpec EVENT_LOG_SPEC = new TableSpec("_system.event_log",
            "One row per function run: stage, source, counts, expectation results, version, error",
            EVENT_LOG_SCHEMA, List.of(), Map.of("wwi.layer", "system"));

    public static final TableSpec QUARANTINE_SPEC = new TableSpec("_system.quarantine",
            "Records that could not be landed, or that an expectation dropped, with the raw payload and the reason",
            QUARANTINE_SCHEMA, List.of(), Map.of("wwi.layer", "system",
            // appended to once per Event Hub batch that has a bad record
            "delta.checkpointInterval", TableSpec.HIGH_FREQUENCY_CHECKPOINT_INTERVAL));

    public static final TableSpec QUARANTINE_RESOLUTIONS_SPEC = new TableSpec("_system.quarantine_resolutions",
            "Quarantined records a replay landed in Bronze: which, when, by which run, with which edit",
            QUARANTINE_RESOLUTIONS_SCHEMA, List.of(), Map.of("wwi.layer", "system"));

    private SystemTables() {
    }
}
