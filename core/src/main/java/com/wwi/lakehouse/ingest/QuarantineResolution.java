package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.runs.SystemTables;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code _system/quarantine_resolutions}: a quarantined record that a replay landed in Bronze, laid out by
 * the table's column names.
 *
 * @param recordId      the quarantined record's {@link QuarantineRecord#id()}
 * @param resolution    {@link #REPLAYED}, or {@link #EDITED} when an edited payload landed instead of the original
 * @param bronzeVersion the Bronze version holding the row, or null when an earlier, interrupted replay landed it
 * @param editedRaw     the edited payload that landed (text, or base64 as the quarantine keeps bytes), or null
 * @param runId         the replay run (the event log's {@code run_id})
 */
public record QuarantineResolution(String recordId, String dataset, String source, long sourceOffset,
                                   String resolution, String bronzeTable, Long bronzeVersion, String editedRaw,
                                   Instant resolvedAt, String runId) {
    public static final String REPLAYED = "replayed";
    public static final String EDITED = "edited";

    private static final TableSchema SCHEMA = SystemTables.QUARANTINE_RESOLUTIONS_SCHEMA;
    private static final int RECORD_ID = SCHEMA.position("record_id");
    private static final int DATASET = SCHEMA.position("dataset");
    private static final int SOURCE = SCHEMA.position("source");
    private static final int SOURCE_OFFSET = SCHEMA.position("source_offset");
    private static final int RESOLUTION = SCHEMA.position("resolution");
    private static final int BRONZE_TABLE = SCHEMA.position("bronze_table");
    private static final int BRONZE_VERSION = SCHEMA.position("bronze_version");
    private static final int EDITED_RAW = SCHEMA.position("edited_raw");
    private static final int RESOLVED_AT = SCHEMA.position("resolved_at");
    private static final int RUN_ID = SCHEMA.position("run_id");

    public QuarantineResolution {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(runId, "runId");
    }

    public Object[] toRow() {
        Object[] r = new Object[SCHEMA.size()];
        r[RECORD_ID] = recordId;
        r[DATASET] = dataset;
        r[SOURCE] = source;
        r[SOURCE_OFFSET] = sourceOffset;
        r[RESOLUTION] = resolution;
        r[BRONZE_TABLE] = bronzeTable;
        r[BRONZE_VERSION] = bronzeVersion;
        r[EDITED_RAW] = editedRaw;
        r[RESOLVED_AT] = resolvedAt;
        r[RUN_ID] = runId;
        return r;
    }

    public static QuarantineResolution fromRow(Object[] r) {
        return new QuarantineResolution((String) r[RECORD_ID], (String) r[DATASET], (String) r[SOURCE],
                r[SOURCE_OFFSET] == null ? -1 : (Long) r[SOURCE_OFFSET], (String) r[RESOLUTION],
                (String) r[BRONZE_TABLE], (Long) r[BRONZE_VERSION], (String) r[EDITED_RAW], (Instant) r[RESOLVED_AT],
                (String) r[RUN_ID]);
    }
}
