package com.wwi.lakehouse.maintenance;

import com.wwi.lakehouse.runs.RunResult;

/**
 * What one maintenance run did to one table. The same run is a row of the event log ({@link #run}: stage
 * {@code maintenance}, status, rows compacted, version, duration, and these counts in its message).
 *
 * @param table             the table path relative to the lake root
 * @param filesBefore       data files in the snapshot before the run (-1 when unknown: the table could not be read)
 * @param filesAfter        data files after it (-1 when unknown)
 * @param filesCompacted    small files replaced by the compaction
 * @param filesWritten      files the compaction wrote in their place
 * @param filesVacuumed     unreferenced data files deleted
 * @param bytesVacuumed     their total size
 * @param checkpointVersion the version checkpointed in this run, or -1
 * @param run               the event log row
 */
public record TableReport(String table, int filesBefore, int filesAfter, int filesCompacted, int filesWritten,
                          int filesVacuumed, long bytesVacuumed, long checkpointVersion, RunResult run) {
    public boolean failed() {
        return run.failed();
    }
}
