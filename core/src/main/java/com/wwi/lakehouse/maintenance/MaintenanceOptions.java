package com.wwi.lakehouse.maintenance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The limits of one maintenance run and the VACUUM retention.
 *
 * <p>A data file is <em>small</em> when it is below {@code smallFileBytes} and holds fewer than half of
 * {@code targetRowsPerFile} rows (the lake's cap on rows per file, so a full file written by a compaction is never
 * small again). A partition is compacted when it has at least {@code minSmallFiles} small files: below that, opening
 * a few extra files costs a reader less than the rewrite. One run reads at most {@code maxFilesPerRun} files and
 * {@code maxBytesPerRun} bytes per table (the rows are held in memory while they are rewritten); what is left waits
 * for the next run, and the run stops starting tables after {@code timeBudget}. The defaults keep one run of the
 * timer short (the host stops a function after 10 minutes) and its memory well under a Consumption instance's
 * 1.5 GB: 8 small files, below 8 MiB, at most 500 files and 32 MiB per table, 5 minutes.
 *
 * @param smallFileBytes     files below this size may be compacted
 * @param minSmallFiles      small files a partition needs before it is compacted (at least 2)
 * @param maxFilesPerRun     at most this many files compacted per table per run
 * @param maxBytesPerRun     at most this many bytes read for compaction per table per run
 * @param targetRowsPerFile  the lake's rows-per-file cap ({@code LAKEHOUSE_MAX_ROWS_PER_FILE})
 * @param retention          VACUUM deletes unreferenced files older than this, and removed files only once their
 *                           removal is older than this (time travel works within it); Delta's
 *                           {@code delta.deletedFileRetentionDuration} default is 7 days
 * @param forceShortRetention allow a retention below {@link #MIN_RETENTION}
 * @param checkpointEvery    write a checkpoint when the table is this many commits past its last one
 * @param timeBudget         start no new table after this much time in one run
 * @param mergeFromBytes     files of this average size or more are merged (row groups copied); smaller ones are
 *                           rewritten row by row, since merging would keep their tiny row groups (512 KiB)
 */
public record MaintenanceOptions(long smallFileBytes, int minSmallFiles, int maxFilesPerRun, long maxBytesPerRun,
                                 long targetRowsPerFile, Duration retention, boolean forceShortRetention,
                                 int checkpointEvery, Duration timeBudget, long mergeFromBytes) {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** Below this, a VACUUM could delete the files of a commit still being written; refused unless forced. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);

    public MaintenanceOptions {
        if (smallFileBytes < 1 || maxBytesPerRun < 1 || targetRowsPerFile < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("maintenance limits must be positive");
        }
        if (minSmallFiles < 2) {
            throw new IllegalArgumentException("compaction needs at least 2 small files, got " + minSmallFiles);
        }
        if (maxFilesPerRun < minSmallFiles) {
            throw new IllegalArgumentException("maxFilesPerRun " + maxFilesPerRun + " is below minSmallFiles "
                    + minSmallFiles + ": nothing could ever be compacted");
        }
        if (retention == null || retention.isNegative()) {
            throw new IllegalArgumentException("the VACUUM retention must be zero or more");
        }
        if (retention.compareTo(MIN_RETENTION) < 0 && !forceShortRetention) {
            throw new IllegalArgumentException("a VACUUM retention of " + hours(retention) + " hours is below the "
                    + "minimum of 1 hour: it could delete the data files of a commit still in flight and end time"
                    + " travel to recent versions; force it only when no writer is running");
        }
        if (timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
            throw new IllegalArgumentException("the time budget must be positive");
        }
    }

    /** The defaults, for a lake whose files hold at most {@code targetRowsPerFile} rows. */
    public static MaintenanceOptions defaults(long targetRowsPerFile) {
        return new MaintenanceOptions(8L << 20, 8, 500, 32L << 20, targetRowsPerFile, DEFAULT_RETENTION, false, 10,
                Duration.ofMinutes(5), 512L << 10);
    }

    public MaintenanceOptions withRetention(Duration r, boolean force) {
        return new MaintenanceOptions(smallFileBytes, minSmallFiles, maxFilesPerRun, maxBytesPerRun, targetRowsPerFile,
                r, force, checkpointEvery, timeBudget, mergeFromBytes);
    }

    public MaintenanceOptions withCompaction(long smallBytes, int minSmall, int maxFiles, long maxBytes) {
        return new MaintenanceOptions(smallBytes, minSmall, maxFiles, maxBytes, targetRowsPerFile, retention,
                forceShortRetention, checkpointEvery, timeBudget, mergeFromBytes);
    }

    public MaintenanceOptions withTimeBudget(Duration budget) {
        return new MaintenanceOptions(smallFileBytes, minSmallFiles, maxFilesPerRun, maxBytesPerRun, targetRowsPerFile,
                retention, forceShortRetention, checkpointEvery, budget, mergeFromBytes);
    }

    /** The same, merging files from {@code bytes} of average size ({@link Long#MAX_VALUE}: never; 0: always). */
    public MaintenanceOptions withMergeFrom(long bytes) {
        return new MaintenanceOptions(smallFileBytes, minSmallFiles, maxFilesPerRun, maxBytesPerRun, targetRowsPerFile,
                retention, forceShortRetention, checkpointEvery, timeBudget, bytes);
    }

    /** Hours as a short decimal text (168, 0.5). */
    public static String hours(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 3,
                RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
