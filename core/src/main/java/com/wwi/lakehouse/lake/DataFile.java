package com.wwi.lakehouse.lake;

import java.util.Map;

/**
 * A data file of a table snapshot, as its {@code add} action describes it.
 *
 * @param path            path relative to the table root (as in the Delta log)
 * @param partitionValues partition column to value (Delta's string form; null for a null value)
 * @param sizeBytes       file size
 * @param numRecords      rows in the file, -1 if the log carries no stats
 * @param modificationTime epoch millis
 * @param dataChange      false for files written by a rewrite that changed no data (compaction)
 * @param stats           the raw stats JSON, may be null
 */
public record DataFile(String path, Map<String, String> partitionValues, long sizeBytes, long numRecords,
                       long modificationTime, boolean dataChange, String stats) {
}
