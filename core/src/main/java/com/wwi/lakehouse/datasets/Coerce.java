package com.wwi.lakehouse.datasets;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Text to typed values, following the Spark semantics the lab relied on: fields are trimmed for numbers
 * ({@code " 3 "} is 3), an empty field is NULL, the text {@code null} stays a string in a STRING column,
 * {@code CAST('2.5' AS DECIMAL(10,0))} is 3 (HALF_UP), timestamps are ISO-8601 with or without a zone (no zone
 * means UTC). Unlike Spark's permissive mode, a value that does not parse is an error (the caller quarantines
 * the record with the reason) instead of a silent NULL.
 */
public final class Coerce {
    private static final DateTimeFormatter LOCAL_TS = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter().withResolverStyle(ResolverStyle.STRICT);

    private Coerce() {
    }

    /** Thrown when a value cannot be converted; the message names the column and the value. */
    public static final class CoercionException extends Exception {
        public CoercionException(String message) {
            super(message, null, false, false);
        }
    }

    /** Converts text to the column's type; null or empty text gives null. */
    public static Object fromText(String text, Column c) throws CoercionException {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (c.type() == ColumnType.STRING) {
            return text;
        }
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return switch (c.type()) {
                case INT -> parseInt(t);
                case LONG -> Long.parseLong(t);
                case FLOAT -> parseFloat(t, c);
                case DOUBLE -> parseDouble(t, c);
                case BOOLEAN -> parseBoolean(t);
                case DATE -> inRange(parseDate(t), text, c);
                case TIMESTAMP -> inRange(parseTimestamp(t), text, c);
                case DECIMAL -> decimal(new BigDecimal(t), c);
                case BINARY -> t.getBytes(StandardCharsets.UTF_8);
                case STRING -> t;
            };
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new CoercionException("column " + c.name() + ": cannot read '" + shorten(text) + "' as " + c.typeName());
        }
    }

    /** Converts a JSON scalar (String, Integer, Long, Double, BigDecimal, Boolean) to the column's type. */
    public static Object fromJson(Object v, Column c) throws CoercionException {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            if (c.type() == ColumnType.STRING) {
                return wellFormed(s, c.name());
            }
            return fromText(s, c);
        }
        try {
            return switch (c.type()) {
                case STRING -> v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
                case INT -> v instanceof Number n ? Math.toIntExact(exactLong(n)) : fail(v, c);
                case LONG -> v instanceof Number n ? exactLong(n) : fail(v, c);
                case FLOAT -> v instanceof Number n ? finite(n.floatValue(), v, c) : fail(v, c);
                case DOUBLE -> v instanceof Number n ? finite(n.doubleValue(), v, c) : fail(v, c);
                case BOOLEAN -> v instanceof Boolean b ? b : fail(v, c);
                case DECIMAL -> v instanceof BigDecimal d ? decimal(d, c)
                        : v instanceof Number n ? decimal(new BigDecimal(n.toString()), c) : fail(v, c);
                case DATE, TIMESTAMP, BINARY -> fail(v, c);
            };
        } catch (ArithmeticException | NumberFormatException e) {
            throw new CoercionException("column " + c.name() + ": cannot read " + shorten(String.valueOf(v)) + " as " + c.typeName());
        }
    }

    /** Whether {@link #fromJsonLong} handles JSON integers for this column. */
    public static boolean takesJsonLong(Column c) {
        return switch (c.type()) {
            case INT, LONG, FLOAT, DOUBLE, STRING, DECIMAL -> true;
            case BOOLEAN, DATE, TIMESTAMP, BINARY -> false;
        };
    }

    /**
     * {@link #fromJson} of a JSON integer that fits a long, without boxing it first: the same value and the same
     * error. Only for columns {@link #takesJsonLong} accepts.
     */
    public static Object fromJsonLong(long v, Column c) throws CoercionException {
        try {
            return switch (c.type()) {
                case INT -> Integer.valueOf(Math.toIntExact(v));
                case LONG -> Long.valueOf(v);
                case FLOAT -> Float.valueOf((float) v);
                case DOUBLE -> Double.valueOf((double) v);
                case STRING -> Long.toString(v);
                case DECIMAL -> decimal(BigDecimal.valueOf(v), c);
                case BOOLEAN, DATE, TIMESTAMP, BINARY -> throw new IllegalArgumentException("not for " + c.typeName());
            };
        } catch (ArithmeticException e) {
            throw new CoercionException("column " + c.name() + ": cannot read " + shorten(Long.toString(v)) + " as " + c.typeName());
        }
    }

    private static Object fail(Object v, Column c) throws CoercionException {
        throw new CoercionException("column " + c.name() + ": cannot read " + shorten(String.valueOf(v))
                + " (" + v.getClass().getSimpleName().toLowerCase() + ") as " + c.typeName());
    }

    private static long exactLong(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        return new BigDecimal(n.toString()).longValueExact();
    }

    private static Integer parseInt(String t) {
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            // "3.0" is an int; "3.5" is not
            return new BigDecimal(t).intValueExact();
        }
    }

    private static Float parseFloat(String t, Column c) throws CoercionException {
        float f = Float.parseFloat(t);
        if (Float.isNaN(f) && !t.equalsIgnoreCase("NaN")) {
            throw new NumberFormatException(t);
        }
        return Float.isInfinite(f) && !isInfinityLiteral(t) ? outOfRange(t, c) : f;
    }

    private static Double parseDouble(String t, Column c) throws CoercionException {
        double d = Double.parseDouble(t);
        if (Double.isNaN(d) && !t.equalsIgnoreCase("NaN")) {
            throw new NumberFormatException(t);
        }
        return Double.isInfinite(d) && !isInfinityLiteral(t) ? outOfRange(t, c) : d;
    }

    /** {@code Infinity}, {@code +Infinity}, {@code -Infinity}: kept, as Spark keeps them; a number too large is not. */
    private static boolean isInfinityLiteral(String t) {
        return t.endsWith("Infinity");
    }

    private static Float finite(float f, Object v, Column c) throws CoercionException {
        return Float.isInfinite(f) ? outOfRange(String.valueOf(v), c) : f;
    }

    private static Double finite(double d, Object v, Column c) throws CoercionException {
        return Double.isInfinite(d) ? outOfRange(String.valueOf(v), c) : d;
    }

    private static <T> T outOfRange(String value, Column c) throws CoercionException {
        throw new CoercionException("column " + c.name() + ": " + shorten(value) + " is out of range for "
                + c.typeName() + (c.type() == ColumnType.FLOAT ? " (largest 3.4028235E38)" : " (largest 1.7976931348623157E308)"));
    }

    /** The first and last instant Spark supports (and every engine reading Delta can represent): years 1 to 9999. */
    public static final Instant MIN_TIMESTAMP = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    private static Instant inRange(Instant i, String text, Column c) throws CoercionException {
        if (i.isBefore(MIN_TIMESTAMP) || i.isAfter(MAX_TIMESTAMP)) {
            throw new CoercionException("column " + c.name() + ": '" + shorten(text) + "' is outside the supported"
                    + " range of " + c.typeName() + " (0001-01-01 to 9999-12-31, as Spark)");
        }
        return i;
    }

    private static LocalDate inRange(LocalDate d, String text, Column c) throws CoercionException {
        if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
            throw new CoercionException("column " + c.name() + ": '" + shorten(text) + "' is outside the supported"
                    + " range of " + c.typeName() + " (0001-01-01 to 9999-12-31, as Spark)");
        }
        return d;
    }

    /**
     * A text value UTF-8 can store: no lone UTF-16 surrogate (a JSON escape such as {@code \ud800} that is half of
     * a pair). Returns the text.
     */
    public static String wellFormed(String s, String column) throws CoercionException {
        int bad = TableSchema.loneSurrogate(s);
        if (bad >= 0) {
            throw new CoercionException("column " + column + ": text holds a lone surrogate \\u"
                    + Integer.toHexString(s.charAt(bad)) + " at character " + (bad + 1)
                    + " (half of a UTF-16 pair), which UTF-8 cannot store");
        }
        return s;
    }

    private static Boolean parseBoolean(String t) {
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return Boolean.FALSE;
        }
        throw new NumberFormatException(t);
    }

    private static BigDecimal decimal(BigDecimal d, Column c) {
        // decided from the digits before rescaling: 1e999999999 or 1e-999999999 would take minutes to rescale
        int integerDigits = d.precision() - d.scale();
        if (d.signum() != 0 && integerDigits > c.precision() - c.scale()) {
            throw new ArithmeticException("overflow");
        }
        if (d.signum() == 0 || integerDigits < -c.scale() - 1) {
            return BigDecimal.ZERO.setScale(c.scale()); // below a tenth of the last digit: rounds to zero
        }
        BigDecimal r = d.setScale(c.scale(), RoundingMode.HALF_UP);
        if (r.precision() - r.scale() > c.precision() - c.scale()) {
            throw new ArithmeticException("overflow");
        }
        return r;
    }

    public static LocalDate parseDate(String t) {
        if (t.length() > 10 && (t.charAt(10) == 'T' || t.charAt(10) == ' ')) {
            return parseTimestamp(t).atZone(ZoneOffset.UTC).toLocalDate();
        }
        return LocalDate.parse(t);
    }

    /** ISO-8601 instant with or without zone; without a zone the time is UTC. */
    public static Instant parseTimestamp(String t) {
        Instant fast = fastIso(t);
        return fast != null ? fast : slowTimestamp(t);
    }

    /**
     * The common shapes without a formatter: {@code yyyy-MM-dd(T| )HH:mm:ss[.f{1,9}][Z|±HH:MM|±HHMM]}. Returns
     * null for anything else (the formatter then decides), and for invalid field values.
     */
    static Instant fastIso(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            if (i == start || (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9')) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds = 0;
        if (i < n) {
            char c = t.charAt(i);
            if (c == 'Z' && i == n - 1) {
                i++;
            } else if ((c == '+' || c == '-') && (n - i == 6 && t.charAt(i + 3) == ':' || n - i == 5)) {
                int oh = digits(t, i + 1, 2);
                int om = digits(t, n - 2, 2);
                if (oh < 0 || oh > 18 || om < 0 || om > 59) {
                    return null;
                }
                offsetSeconds = (oh * 3600 + om * 60) * (c == '-' ? -1 : 1);
                i = n;
            } else {
                return null;
            }
        }
        if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long secs = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(secs, (nanos / 1000) * 1000L);
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = t.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Instant slowTimestamp(String t) {
        var parsed = LOCAL_TS.parse(t);
        LocalDateTime ldt = LocalDateTime.of(LocalDate.from(parsed),
                LocalTime.of(parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                        parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0));
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.of(ldt, ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))).toInstant()
                    .truncatedTo(ChronoUnit.MICROS);
        }
        return ldt.toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * A value quoted in a reason: at most 60 characters, never cutting a surrogate pair, a lone surrogate shown as
     * U+FFFD (the reason is stored as UTF-8 too).
     */
    public static String shorten(String s) {
        if (s.length() > 60) {
            s = s.substring(0, Character.isHighSurrogate(s.charAt(56)) ? 56 : 57) + "...";
        }
        return TableSchema.loneSurrogate(s) < 0 ? s : TableSchema.replaceLoneSurrogates(s);
    }
}
