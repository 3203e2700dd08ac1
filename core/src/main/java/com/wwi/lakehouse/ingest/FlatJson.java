package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Coerce;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of {@link Typer#fromJson}: reads the record shape nearly every event has, one flat JSON object
 * whose fields are all known columns with scalar values, straight from the UTF-8 bytes in one pass, validating
 * UTF-8 strictly on the way. Anything else (an unknown field to rescue, a nested value, a duplicate name, a
 * value the column cannot take, any syntax Jackson would reject or might read differently) makes it give up
 * with null, and the caller takes the Jackson path, which decides and words the error.
 *
 * <p>Invariant (tested against the Jackson path on mutated records): a non-null row equals the row the Jackson
 * path gives for the same bytes, and the bytes are valid UTF-8.
 */
final class FlatJson {
    /** Strings longer than this are left to Jackson (its limit in {@link Typer} is 64 MiB). */
    private static final int MAX_STRING = 1 << 20;

    private final byte[] b;
    private final int n;
    private int i;

    private FlatJson(byte[] b) {
        this.b = b;
        this.n = b.length;
    }

    /** The typed row (source columns and a null {@code _rescued_data}), or null to take the Jackson path. */
    static Object[] read(byte[] utf8, Typer typer) {
        return new FlatJson(utf8).object(typer);
    }

    private Object[] object(Typer typer) {
        Column[] columns = typer.columns();
        if (columns.length > 64) {
            return null;
        }
        skipWs();
        if (i >= n || b[i] != '{') {
            return null;
        }
        i++;
        Object[] row = new Object[columns.length + 1];
        long seen = 0;
        skipWs();
        if (i < n && b[i] == '}') {
            i++;
        } else {
            int position = 0;
            while (true) {
                if (i >= n || b[i] != '"') {
                    return null;
                }
                int start = ++i;
                int col;
                Typer.ByteSlot slot = typer.slotAt(position);
                if (slot != null && sameName(slot.name(), start)) { // the name this position had last time
                    col = slot.column();
                    i = start + slot.name().length;
                } else {
                    while (i < n && b[i] != '"') {
                        byte c = b[i];
                        if (c < 0x20 || c == '\\') { // negative bytes (non-ASCII) too: names stay plain ASCII here
                            return null;
                        }
                        i++;
                    }
                    if (i >= n) {
                        return null;
                    }
                    col = typer.column(b, start, i, position);
                }
                position++;
                i++;
                if (col < 0 || (seen & (1L << col)) != 0) {
                    return null; // to rescue, or a duplicate: Jackson's path
                }
                seen |= 1L << col;
                skipWs();
                if (i >= n || b[i] != ':') {
                    return null;
                }
                i++;
                skipWs();
                if (i >= n || !value(columns[col], typer.takesJsonLong()[col], row, col)) {
                    return null;
                }
                skipWs();
                if (i >= n) {
                    return null;
                }
                if (b[i] == ',') {
                    i++;
                    skipWs();
                    continue;
                }
                if (b[i] == '}') {
                    i++;
                    break;
                }
                return null;
            }
        }
        skipWs();
        return i == n ? row : null;
    }

    /** Whether {@code b} holds this name and its closing quote at {@code start}. */
    private boolean sameName(byte[] name, int start) {
        int len = name.length;
        if (start + len >= n || b[start + len] != '"') {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private void skipWs() {
        while (i < n) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
    }

    /** Reads the value at {@code i} into {@code row[col]}; false to give up. */
    private boolean value(Column column, boolean takesLong, Object[] row, int col) {
        byte c = b[i];
        try {
            if (c == '"') {
                i++;
                String s = string();
                if (s == null) {
                    return false;
                }
                row[col] = column.type() == ColumnType.STRING ? s : Coerce.fromJson(s, column);
                return true;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number(column, takesLong, row, col);
            }
            if (literal("true")) {
                row[col] = Coerce.fromJson(Boolean.TRUE, column);
                return true;
            }
            if (literal("false")) {
                row[col] = Coerce.fromJson(Boolean.FALSE, column);
                return true;
            }
            if (literal("null")) {
                row[col] = null;
                return true;
            }
            return false; // an object, an array, or not JSON
        } catch (Coerce.CoercionException e) {
            return false; // Jackson's path words the error
        }
    }

    private boolean literal(String word) {
        int len = word.length();
        if (i + len > n) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += len;
        return true; // what follows must be a separator, which the caller checks
    }

    /** JSON's number grammar exactly; integers of up to 18 digits as longs, decimals as BigDecimal. */
    private boolean number(Column column, boolean takesLong, Object[] row, int col) throws Coerce.CoercionException {
        int start = i;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        if (i >= n || b[i] < '0' || b[i] > '9') {
            return false;
        }
        if (b[i] == '0') {
            i++;
        } else {
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        int intDigits = i - intStart;
        boolean fraction = false;
        if (i < n && b[i] == '.') {
            fraction = true;
            int from = ++i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == from) {
                return false;
            }
        }
        if (i < n && (b[i] == 'e' || b[i] == 'E')) {
            fraction = true;
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int from = i;
            while (i < n && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == from || i - from > 3) {
                return false;
            }
        }
        if (i < n && b[i] >= '0' && b[i] <= '9') {
            return false; // a leading zero followed by digits
        }
        if (!fraction) {
            if (intDigits > 18 || !takesLong) {
                return false;
            }
            long v = 0;
            for (int k = intStart; k < i; k++) {
                v = v * 10 + (b[k] - '0');
            }
            row[col] = Coerce.fromJsonLong(negative ? -v : v, column);
            return true;
        }
        if (i - start > 100) {
            return false;
        }
        row[col] = Coerce.fromJson(new BigDecimal(new String(b, start, i - start, StandardCharsets.ISO_8859_1)), column);
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Whether any of the eight bytes is a quote, a backslash, a control character or not ASCII. */
    private static boolean special(long x) {
        long quote = x ^ (ONES * '"');
        long backslash = x ^ (ONES * '\\');
        return ((((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((x - ONES * 0x20) & ~x) | x)
                & HIGHS) != 0;
    }

    /** The string after an opening quote, up to and past the closing one; null to give up. */
    private String string() {
        byte[] b = this.b;
        int n = this.n;
        int start = i;
        int i = start;
        boolean ascii = true;
        while (true) {
            while (i + 8 <= n && !special((long) LONGS.get(b, i))) { // plain text eight bytes at a time
                i += 8;
            }
            if (i >= n) {
                return null;
            }
            byte c = b[i];
            if (c == '"') {
                int len = i - start;
                this.i = i + 1;
                if (len > MAX_STRING) {
                    return null;
                }
                return new String(b, start, len, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                this.i = start;
                return escaped();
            }
            if (c >= 0 && c < 0x20) {
                return null; // an unescaped control character
            }
            if (c < 0) {
                int len = Utf8.sequence(b, i, n);
                if (len < 0) {
                    return null;
                }
                ascii = false;
                i += len;
            } else {
                i++;
            }
        }
    }

    /** A string with escapes, from its first character. */
    private String escaped() {
        StringBuilder sb = new StringBuilder();
        int start = i;
        while (i < n) {
            byte c = b[i];
            if (c == '"') {
                i++;
                // a lone surrogate escape (half of a pair) is Jackson's path to word as an error
                return sb.length() > MAX_STRING || TableSchema.loneSurrogate(sb) >= 0 ? null : sb.toString();
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (i + 4 > n) {
                            return null;
                        }
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            int h = Character.digit(b[i + k], 16);
                            if (h < 0) {
                                return null;
                            }
                            v = (v << 4) | h;
                        }
                        i += 4;
                        sb.append((char) v); // as Jackson: each escape is one char, pairs or not
                    }
                    default -> {
                        return null;
                    }
                }
            } else if (c >= 0 && c < 0x20) {
                return null;
            } else if (c < 0) {
                int len = Utf8.sequence(b, i, n);
                if (len < 0) {
                    return null;
                }
                sb.append(new String(b, i, len, StandardCharsets.UTF_8));
                i += len;
            } else {
                sb.append((char) c);
                i++;
            }
            if (i - start > MAX_STRING * 6) {
                return null;
            }
        }
        return null;
    }
}
