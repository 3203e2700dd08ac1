package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.TableSchema;

import java.time.Instant;

/**
 * The layout of a dataset's Bronze rows in its table: each value the {@link Typer} makes (the source columns, the
 * columns the table gained, {@code _rescued_data}) and each lineage column ({@link Dataset#LINEAGE}) placed at the
 * position of its name in the table's schema. The table's columns are the dataset's Bronze schema, then any added at
 * its end (after the lineage columns), so a row made before the table gained a column is a prefix of one made after:
 * the lake pads it with null.
 */
final class BronzeRow {
    private final int width;
    /** The table position of each typed value, in the Typer's order. */
    private final int[] typedAt;
    private final int source;
    private final int sourceOffset;
    private final int enqueuedTime;
    private final int ingestedAt;

    /** The layout of {@code table} (the Bronze table's schema) for the rows {@code typer} makes. */
    BronzeRow(TableSchema table, Typer typer) {
        width = table.size();
        Column[] cols = typer.columns();
        typedAt = new int[cols.length + 1];
        for (int i = 0; i < cols.length; i++) {
            typedAt[i] = table.position(cols[i].name());
        }
        typedAt[cols.length] = table.position(Dataset.RESCUED_DATA);
        source = table.position("_source");
        sourceOffset = table.position("_source_offset");
        enqueuedTime = table.position("_enqueued_time");
        ingestedAt = table.position("_ingested_at");
    }

    /** A Bronze row: the typed record with where it came from and when it was committed. */
    Object[] of(Object[] typed, String source, long offset, Instant enqueued, Instant ingested) {
        Object[] out = new Object[width];
        for (int i = 0; i < typedAt.length; i++) {
            out[typedAt[i]] = typed[i];
        }
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
