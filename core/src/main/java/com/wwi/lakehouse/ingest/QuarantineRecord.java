package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.runs.SystemTables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of {@code _system/quarantine}: a landed record kept with its raw payload, where it came from and why it is
 * not in Bronze. Made only by the named constructors, one per way a record ends here; {@link #toRow} lays it out by
 * the quarantine schema's column names.
 *
 * @param dataset      the landing dataset's folder, e.g. {@code tweets}
 * @param source       landed file path, or {@code eventhub:<hub>/<partition>[..]}
 * @param sourceOffset line number in the file, event sequence number, or index in an unkeyed batch
 * @param raw          the payload: the text, or base64 of the bytes when they are not UTF-8
 * @param rawEncoding  {@code utf8} or {@code base64}
 * @param kind         why, in one word
 * @param reason       why, in words
 * @param expectation  the DROP expectations the record broke (comma-separated), or null
 * @param quarantinedAt when the row was made
 * @param runId        the run that made it (the event log's {@code run_id})
 */
public record QuarantineRecord(String dataset, String source, long sourceOffset, String raw, String rawEncoding,
                               Kind kind, String reason, String expectation, Instant quarantinedAt, String runId) {
    /** The {@code error_kind} column. */
    public enum Kind {
        /** Not a record of the format: bad JSON, wrong number of CSV fields, not UTF-8, empty. */
        PARSE,
        /** A value that does not fit its column's type, or that the lake refuses to store. */
        SCHEMA,
        /** Dropped by a DROP expectation. */
        EXPECTATION,
        /** An Event Hub batch whose host metadata cannot key an exactly-once commit. */
        METADATA;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    private static final TableSchema SCHEMA = SystemTables.QUARANTINE_SCHEMA;
    private static final int DATASET = SCHEMA.position("dataset");
    private static final int SOURCE = SCHEMA.position("source");
    private static final int SOURCE_OFFSET = SCHEMA.position("source_offset");
    private static final int RAW = SCHEMA.position("raw");
    private static final int RAW_ENCODING = SCHEMA.position("raw_encoding");
    private static final int ERROR_KIND = SCHEMA.position("error_kind");
    private static final int REASON = SCHEMA.position("reason");
    private static final int EXPECTATION = SCHEMA.position("expectation");
    private static final int QUARANTINED_AT = SCHEMA.position("quarantined_at");
    private static final int RUN_ID = SCHEMA.position("run_id");

    public QuarantineRecord {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(rawEncoding, "rawEncoding");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(quarantinedAt, "quarantinedAt");
        Objects.requireNonNull(runId, "runId");
    }

    /** Where a record came from and which run saw it: what every constructor needs besides the reason. */
    record Origin(String dataset, String source, long offset, Instant at, String runId) {
    }

    /** A record that could not be parsed or typed ({@code parse} or {@code schema}, the exception says which). */
    static QuarantineRecord unreadable(Origin o, String text, byte[] bytes, RecordException error) {
        return of(o, text, bytes, error.kind(), error.getMessage(), null);
    }

    /** A typed record that broke the DROP expectations named in {@code rules} (comma-separated). */
    static QuarantineRecord dropped(Origin o, String text, byte[] bytes, String rules) {
        return of(o, text, bytes, Kind.EXPECTATION, "dropped by expectation " + rules, rules);
    }

    /** A typed record the lake refused to store (the last line of defence behind typing). */
    static QuarantineRecord unstorable(Origin o, String text, byte[] bytes, String lakeReason) {
        return of(o, text, bytes, Kind.SCHEMA, "cannot be stored: " + lakeReason, null);
    }

    /** An event of a batch whose host metadata cannot key an exactly-once commit. */
    static QuarantineRecord unkeyed(Origin o, String text, byte[] bytes, String reason) {
        return of(o, text, bytes, Kind.METADATA, reason, null);
    }

    /**
     * Keeps the payload as text when it is (strictly decoded) text, else as base64 of the bytes; our own words (a
     * source path, a quoted value in the reason) never make the quarantine refuse the row.
     */
    private static QuarantineRecord of(Origin o, String text, byte[] bytes, Kind kind, String reason,
                                       String expectation) {
        if (text != null && TableSchema.loneSurrogate(text) >= 0) {
            // cannot happen for strictly decoded text; kept as base64 of the bytes rather than refused
            bytes = bytes != null ? bytes : TableSchema.replaceLoneSurrogates(text).getBytes(StandardCharsets.UTF_8);
            text = null;
        }
        boolean utf8 = text != null;
        return new QuarantineRecord(o.dataset(), TableSchema.replaceLoneSurrogates(o.source()), o.offset(),
                utf8 ? text : Base64.getEncoder().encodeToString(bytes), utf8 ? "utf8" : "base64", kind,
                TableSchema.replaceLoneSurrogates(reason), expectation, o.at(), o.runId());
    }

    /**
     * The record's identity: a hash of its dataset, source coordinates, payload and the run that quarantined it (32
     * hex digits). Stable for as long as the row exists (compaction keeps rows as they are); two records differ in
     * one of these, even files of one name with other content at the same line (another run) or the events of two
     * batches set aside for unusable metadata.
     */
    public String id() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{dataset, source, Long.toString(sourceOffset), rawEncoding,
                    raw == null ? "" : raw, runId}) {
                byte[] b = part.getBytes(StandardCharsets.UTF_8);
                d.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
                d.update((byte) ':');
                d.update(b);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload's bytes: the text as UTF-8, or the base64 decoded. */
    public byte[] payloadBytes() {
        if (raw == null) {
            return new byte[0];
        }
        return "base64".equals(rawEncoding) ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
    }

    /** The row in the quarantine table's column order. */
    public Object[] toRow() {
        Object[] r = new Object[SCHEMA.size()];
        r[DATASET] = dataset;
        r[SOURCE] = source;
        r[SOURCE_OFFSET] = sourceOffset;
        r[RAW] = raw;
        r[RAW_ENCODING] = rawEncoding;
        r[ERROR_KIND] = kind.label();
        r[REASON] = reason;
        r[EXPECTATION] = expectation;
        r[QUARANTINED_AT] = quarantinedAt;
        r[RUN_ID] = runId;
        return r;
    }

    /** A row read from the quarantine table. */
    public static QuarantineRecord fromRow(Object[] r) {
        return new QuarantineRecord((String) r[DATASET], (String) r[SOURCE],
                r[SOURCE_OFFSET] == null ? -1 : (Long) r[SOURCE_OFFSET], (String) r[RAW], (String) r[RAW_ENCODING],
                Kind.of((String) r[ERROR_KIND]), (String) r[REASON], (String) r[EXPECTATION],
                (Instant) r[QUARANTINED_AT], (String) r[RUN_ID]);
    }
}
