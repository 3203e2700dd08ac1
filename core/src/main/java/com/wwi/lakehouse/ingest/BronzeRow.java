package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.Instant;

/**
 * The layout of a dataset's Bronze rows: its source columns and {@code _rescued_data} as the {@link Typer} makes
 * them, then the lineage columns ({@link Dataset#LINEAGE}), each addressed by a position derived from the Bronze
 * schema by name.
 */
final class BronzeRow {
    private final int width;
    private final int typedWidth;
    private final int source;
    private final int sourceOffset;
    private final int enqueuedTime;
    private final int ingestedAt;

    BronzeRow(Dataset dataset) {
        TableSchema schema = dataset.bronzeSchema();
        width = schema.size();
        typedWidth = schema.position(Dataset.RESCUED_DATA) + 1; // what the Typer fills
        source = schema.position("_source");
        sourceOffset = schema.position("_source_offset");
        enqueuedTime = schema.position("_enqueued_time");
        ingestedAt = schema.position("_ingested_at");
    }

    /** A Bronze row: the typed record with where it came from and when it was committed. */
    Object[] of(Object[] typed, String source, long offset, Instant enqueued, Instant ingested) {
        Object[] out = new Object[width];
        System.arraycopy(typed, 0, out, 0, typedWidth);
        out[this.source] = source;
        out[sourceOffset] = offset;
        out[enqueuedTime] = enqueued;
        out[ingestedAt] = ingested;
        return out;
    }

    String source(Object[] row) {
        return (String) row[source];
    }

    long offset(Object[] row) {
        return (Long) row[sourceOffset];
    }
}
