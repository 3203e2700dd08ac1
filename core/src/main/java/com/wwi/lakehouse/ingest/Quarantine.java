package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.runs.SystemTables;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quarantine as an operator sees it: each record with its identity and whether a replay has landed it in Bronze.
 * Reads only.
 *
 * <p>A record is <em>resolved</em> when the Bronze table of its dataset records the txn {@link #appId} of its identity:
 * the replay commits that txn in the same commit as the row, so Bronze itself says, atomically, which quarantined
 * records it holds. The row of {@code _system/quarantine_resolutions} (when, which run, which edit) is written after;
 * a replay killed in between leaves a resolved record without that row, which the next replay writes. So for every
 * dataset, at every moment: records landed = Bronze rows + unresolved quarantined records.
 */
public final class Quarantine {
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    /** The txn appId, in the Bronze table and in the resolutions table, of a replayed record. */
    public static final String APP_ID_PREFIX = "quarantine-replay/";

    private Quarantine() {
    }

    public static String appId(String recordId) {
        return APP_ID_PREFIX + recordId;
    }

    /** Which quarantined records: each part null when not given; {@code reason} matches a part, ignoring case. */
    public record Filter(String dataset, QuarantineRecord.Kind kind, String reason, Instant since) {
        public static final Filter ALL = new Filter(null, null, null, null);

        /**
         * The filter of an operator's options, each null when not given: a dataset folder, a kind ({@code parse},
         * {@code schema}, {@code expectation}, {@code metadata}), a part of the reason, and a time: an instant, a
         * day (UTC) or an age back from {@code now} ({@code 30m}, {@code 12h}, {@code 7d}).
         *
         * @throws IllegalArgumentException naming the value it cannot take, in one line
         */
        public static Filter of(String dataset, String kind, String reason, String since, Instant now) {
            if (dataset != null && Dataset.byFolder(dataset).isEmpty()) {
                throw new IllegalArgumentException(Errors.unknownDataset(dataset,
                        Arrays.stream(Dataset.values()).map(Dataset::folder).toList()));
            }
            QuarantineRecord.Kind k = null;
            if (kind != null) {
                try {
                    k = QuarantineRecord.Kind.of(kind);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(Errors.unknownQuarantineKind(kind,
                            Arrays.stream(QuarantineRecord.Kind.values()).map(QuarantineRecord.Kind::label).toList()));
                }
            }
            if (reason != null && reason.isBlank()) {
                throw new IllegalArgumentException("--reason must not be blank");
            }
            return new Filter(dataset == null ? null : Dataset.byFolder(dataset).get().folder(), k, reason,
                    since == null ? null : since(since, now));
        }

        /** An instant, a day (UTC) or an age back from {@code now}. */
        static Instant since(String text, Instant now) {
            String t = text.strip();
            Matcher age = AGE.matcher(t);
            try {
                if (age.matches()) {
                    long n = Long.parseLong(age.group(1));
                    Duration d = switch (age.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                    return now.minus(d);
                }
                if (t.length() == 10) {
                    return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
                }
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(Errors.badSince(text));
            }
        }

        public boolean matches(QuarantineRecord r) {
            return (dataset == null || dataset.equals(r.dataset()))
                    && (kind == null || kind == r.kind())
                    && (reason == null || r.reason().toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT)))
                    && (since == null || !r.quarantinedAt().isBefore(since));
        }

        /** The filters given, e.g. {@code dataset=tweets kind=schema}, or {@code all records}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (dataset != null) {
                parts.add("dataset=" + dataset);
            }
            if (kind != null) {
                parts.add("kind=" + kind.label());
            }
            if (reason != null) {
                parts.add("reason~" + reason);
            }
            if (since != null) {
                parts.add("since=" + since);
            }
            return parts.isEmpty() ? "all records" : String.join(" ", parts);
        }
    }

    /**
     * A quarantined record, its identity, whether Bronze holds it ({@code resolved}), and its resolution row when one
     * was written.
     */
    public record Entry(QuarantineRecord record, String id, boolean resolved, QuarantineResolution resolution) {
        /** Resolved, but its resolution row is still to be written (a replay was interrupted in between). */
        public boolean resolutionPending() {
            return resolved && resolution == null;
        }
    }

    /**
     * The records the filter selects, oldest first (by time quarantined, then source and offset), each with its
     * state. Reads the quarantine, the resolutions, and the recorded txns of the Bronze tables concerned.
     */
    public static List<Entry> read(Lake lake, Filter filter) {
        LakeTable q = lake.table(SystemTables.QUARANTINE);
        if (!q.exists()) {
            return List.of();
        }
        List<QuarantineRecord> records = new ArrayList<>();
        q.scan(q.files(), row -> {
            QuarantineRecord r = QuarantineRecord.fromRow(row);
            if (filter.matches(r)) {
                records.add(r);
            }
        });
        records.sort(Comparator.comparing(QuarantineRecord::quarantinedAt).thenComparing(QuarantineRecord::source)
                .thenComparingLong(QuarantineRecord::sourceOffset));
        Map<String, QuarantineResolution> resolutions = resolutions(lake);
        List<String> ids = records.stream().map(QuarantineRecord::id).toList();
        Set<String> resolved = resolvedIds(lake, records, ids);
        List<Entry> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            String id = ids.get(i);
            out.add(new Entry(records.get(i), id, resolved.contains(id), resolutions.get(id)));
        }
        return out;
    }

    /** The ids of those records that a replay landed in Bronze (the txn of each, in its dataset's Bronze table). */
    public static Set<String> resolvedIds(Lake lake, List<QuarantineRecord> records) {
        return resolvedIds(lake, records, records.stream().map(QuarantineRecord::id).toList());
    }

    private static Set<String> resolvedIds(Lake lake, List<QuarantineRecord> records, List<String> ids) {
        Map<String, List<String>> appIdsByDataset = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            appIdsByDataset.computeIfAbsent(records.get(i).dataset(), k -> new ArrayList<>()).add(appId(ids.get(i)));
        }
        Set<String> out = new HashSet<>();
        appIdsByDataset.forEach((dataset, appIds) -> landedIn(lake, dataset, appIds).keySet()
                .forEach(a -> out.add(a.substring(APP_ID_PREFIX.length()))));
        return out;
    }

    /** The appIds among these that the dataset's Bronze table records (none when it has no Bronze table). */
    static Map<String, Long> landedIn(Lake lake, String dataset, List<String> appIds) {
        Optional<Dataset> d = Dataset.byFolder(dataset);
        if (d.isEmpty()) {
            return Map.of();
        }
        LakeTable bronze = lake.table(d.get().bronzePath());
        return bronze.exists() ? bronze.txnVersions(appIds) : Map.of();
    }

    /** Every resolution row by record id (the first, should there be two). */
    public static Map<String, QuarantineResolution> resolutions(Lake lake) {
        Map<String, QuarantineResolution> out = new HashMap<>();
        LakeTable t = lake.table(SystemTables.QUARANTINE_RESOLUTIONS);
        if (t.exists()) {
            t.scan(t.files(), row -> {
                QuarantineResolution r = QuarantineResolution.fromRow(row);
                out.putIfAbsent(r.recordId(), r);
            });
        }
        return out;
    }
}
