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

/** The pipeline's own tables under {@code _system/}: the event log of runs and the quarantine of bad records. */
public final class SystemTables {
    public static final String EVENT_LOG = "_system/event_log";
    public static final String QUARANTINE = "_system/quarantine";

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

    public static final TableSpec EVENT_LOG_SPEC = new TableSpec("_system.event_log",
            "One row per function run: stage, source, counts, expectation results, version, error",
            EVENT_LOG_SCHEMA, List.of(), Map.of("wwi.layer", "system"));

    public static final TableSpec QUARANTINE_SPEC = new TableSpec("_system.quarantine",
            "Records that could not be landed, or that an expectation dropped, with the raw payload and the reason",
            QUARANTINE_SCHEMA, List.of(), Map.of("wwi.layer", "system",
            // appended to once per Event Hub batch that has a bad record
            "delta.checkpointInterval", TableSpec.HIGH_FREQUENCY_CHECKPOINT_INTERVAL));

    private SystemTables() {
    }
}
