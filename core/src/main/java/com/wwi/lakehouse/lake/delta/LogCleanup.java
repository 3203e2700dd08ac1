package com.wwi.lakehouse.lake.delta;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delta's log retention, as delta-spark applies it after a checkpoint: the commit files, checksums and checkpoints
 * older than the table's {@code delta.logRetentionDuration} (default {@code interval 30 days}) are deleted, but only
 * those of versions below the newest checkpoint that is itself older than the cutoff, so the table always reads from
 * that checkpoint on and time travel reaches back to it. {@code delta.enableExpiredLogCleanup=false} turns it off; a
 * retention we cannot parse also does (deleting less than asked is the safe mistake). Nothing else in the log folder
 * is touched: {@code _last_checkpoint}, temporary files, folders of other engines.
 */
final class LogCleanup {
    static final String RETENTION = "delta.logRetentionDuration";
    static final String ENABLED = "delta.enableExpiredLogCleanup";
    static final long DEFAULT_RETENTION_MS = 30L * 24 * 3600 * 1000;

    /** Commit, checksum and checkpoint files: group 1 the version, group 3 a multi-part checkpoint's part count. */
    private static final Pattern VERSIONED = Pattern.compile(
            "(\\d{20})\\.(json|crc|checkpoint\\.parquet|checkpoint\\.\\d{10}\\.(\\d{10})\\.parquet)");
    private static final Pattern INTERVAL = Pattern.compile("\\s*(\\d+)\\s*([a-z]+)\\s*");

    private LogCleanup() {
    }

    /** What one cleanup did: the checkpoint it kept the log from (-1: none old enough) and the files deleted. */
    record Result(long fromCheckpoint, int deleted) {
    }

    /**
     * The retention of a table's configuration in milliseconds; empty when cleanup is off or the setting cannot be
     * read.
     */
    static OptionalLong retentionMs(Map<String, String> configuration) {
        if ("false".equalsIgnoreCase(configuration.getOrDefault(ENABLED, "true").strip())) {
            return OptionalLong.empty();
        }
        String value = configuration.get(RETENTION);
        return value == null ? OptionalLong.of(DEFAULT_RETENTION_MS) : parseInterval(value);
    }

    /**
     * A Spark interval as Delta's table properties write it ({@code interval 30 days}, {@code 2 weeks},
     * {@code interval 1 day 12 hours}); empty when it is not one (months and years are refused there too).
     */
    static OptionalLong parseInterval(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("interval")) {
            s = s.substring("interval".length());
        }
        Matcher m = INTERVAL.matcher(s);
        long total = 0;
        int at = 0;
        boolean any = false;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return OptionalLong.empty();
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
            String unit = m.group(2);
            if (unit.endsWith("s") && unit.length() > 1) {
                unit = unit.substring(0, unit.length() - 1);
            }
            long ms = switch (unit) {
                case "week" -> 7L * 24 * 3600 * 1000;
                case "day" -> 24L * 3600 * 1000;
                case "hour" -> 3600L * 1000;
                case "minute" -> 60L * 1000;
                case "second" -> 1000L;
                case "millisecond" -> 1L;
                default -> -1L;
            };
            if (ms < 0 || n > Long.MAX_VALUE / ms / 2) {
                return OptionalLong.empty();
            }
            total += n * ms;
            any = true;
            at = m.end();
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /**
     * Deletes what the retention lets go: every commit, checksum and checkpoint file of a version below the newest
     * complete checkpoint modified at or before {@code nowMs - retentionMs}, itself modified at or before that time.
     * One listing of the log folder.
     */
    static Result clean(FileSystem fs, Path logDir, long nowMs, long retentionMs) throws IOException {
        long cutoff = nowMs - retentionMs;
        FileStatus[] listed = fs.listStatus(logDir);
        // the newest checkpoint old enough: single-file, or a multi-part one with all its parts (seen, needed)
        TreeMap<Long, int[]> parts = new TreeMap<>();
        for (FileStatus f : listed) {
            Matcher m = VERSIONED.matcher(f.getPath().getName());
            if (f.isFile() && m.matches() && m.group(2).startsWith("checkpoint") && f.getModificationTime() <= cutoff) {
                int[] p = parts.computeIfAbsent(Long.parseLong(m.group(1)), k -> new int[2]);
                p[0]++;
                p[1] = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
            }
        }
        long keepFrom = -1;
        for (Map.Entry<Long, int[]> e : parts.descendingMap().entrySet()) {
            if (e.getValue()[0] >= e.getValue()[1]) {
                keepFrom = e.getKey();
                break;
            }
        }
        if (keepFrom < 0) {
            return new Result(-1, 0);
        }
        int deleted = 0;
        for (FileStatus f : listed) {
            Matcher m = VERSIONED.matcher(f.getPath().getName());
            if (f.isFile() && m.matches() && Long.parseLong(m.group(1)) < keepFrom
                    && f.getModificationTime() <= cutoff && fs.delete(f.getPath(), false)) {
                deleted++;
            }
        }
        return new Result(keepFrom, deleted);
    }
}
