/**
 * The lake layer: our own small interface in front of Delta tables ({@link com.wwi.lakehouse.lake.Lake},
 * {@link com.wwi.lakehouse.lake.LakeTable}) and the value types it speaks (schemas, rows as {@code Object[]},
 * data files, txn ids, commit results), and {@link com.wwi.lakehouse.lake.ExactlyOnce}, the exactly-once commit
 * of one input's rows on top of txns. Nothing here names Delta Standalone, Hadoop or Azure; the implementation
 * lives in {@code lake.delta} so that Delta Kernel can replace it later, and {@code lake.storage} chooses the file
 * system a lake URI is served by. This layer imports nothing of the pipeline above it.
 *
 * <p>Row values use these Java types: STRING {@link java.lang.String}, INT {@link java.lang.Integer},
 * LONG {@link java.lang.Long}, FLOAT {@link java.lang.Float}, DOUBLE {@link java.lang.Double},
 * BOOLEAN {@link java.lang.Boolean}, DATE {@link java.time.LocalDate}, TIMESTAMP {@link java.time.Instant}
 * (UTC, microsecond precision), DECIMAL {@link java.math.BigDecimal}, BINARY {@code byte[]}; null is null.
 */
package com.wwi.lakehouse.lake;
