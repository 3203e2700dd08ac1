package com.wwi.lakehouse.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.wwi.lakehouse.datasets.Coerce;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Types one record of a dataset: CSV fields by position, or a JSON object by field name ignoring case.
 * The result has the source columns followed by one slot for {@code _rescued_data} (JSON of fields the schema
 * does not know; null when there are none). Thread-safe.
 */
final class Typer {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
            .build();

    private final Dataset dataset;
    private final TableSchema schema;
    private final Column[] columns;
    private final boolean[] takesJsonLong;
    private final Map<String, Integer> byName = new HashMap<>();
    /** Field names exactly as they came, to their column (or -1): JSON keys repeat, so this skips lower-casing. */
    private final ConcurrentHashMap<String, Integer> seenNames = new ConcurrentHashMap<>();

    Typer(Dataset dataset) {
        this.dataset = dataset;
        this.schema = dataset.sourceSchema();
        this.columns = schema.columns().toArray(new Column[0]);
        this.takesJsonLong = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            byName.put(columns[i].name().toLowerCase(Locale.ROOT), i);
            takesJsonLong[i] = Coerce.takesJsonLong(columns[i]);
        }
    }

    int width() {
        return columns.length + 1;
    }

    Column[] columns() {
        return columns;
    }

    /** Per column, whether {@link Coerce#fromJsonLong} takes its JSON integers. */
    boolean[] takesJsonLong() {
        return takesJsonLong;
    }

    /**
     * The row of a plain record read by the fast path, straight from its bytes, or null when the record is not
     * one (then {@link #fromJson(byte[], String)} decides). A non-null row also means the bytes are valid UTF-8.
     */
    Object[] fastJson(byte[] utf8) {
        return FlatJson.read(utf8, this);
    }

    Object[] fromCsv(List<String> fields) throws RecordException {
        if (fields.size() != columns.length) {
            throw RecordException.schema("expected " + columns.length + " fields for " + dataset.folder()
                    + ", found " + fields.size());
        }
        Object[] row = new Object[columns.length + 1];
        for (int i = 0; i < columns.length; i++) {
            try {
                row[i] = Coerce.fromText(fields.get(i), columns[i]);
            } catch (Coerce.CoercionException e) {
                throw RecordException.schema(e.getMessage());
            }
        }
        return row;
    }

    /** A field name seen at a position of a record, and its column: records of a source repeat their field order. */
    private record Slot(String name, int column) {
    }

    /** By field position; Jackson hands out the same (canonical) String for a name, so a hit is one comparison. */
    private final Slot[] slots = new Slot[64];

    private int column(String name, int position) {
        if (position < slots.length) {
            Slot s = slots[position];
            if (s != null && s.name() == name) {
                return s.column();
            }
            int col = column(name);
            slots[position] = new Slot(name, col); // racy but safe: a Slot is immutable, a stale one only misses
            return col;
        }
        return column(name);
    }

    /** A field name's bytes seen at a position of a record, and its column (the fast path's cache). */
    record ByteSlot(byte[] name, int column) {
    }

    private final ByteSlot[] byteSlots = new ByteSlot[64];

    /** The plain-ASCII field name last seen at this position of a record and its column, or null. */
    ByteSlot slotAt(int position) {
        return position < byteSlots.length ? byteSlots[position] : null;
    }

    /**
     * The column of the plain-ASCII field name {@code b[from..to)} at a position of a record, or -1, remembered
     * as that position's name; for a name that is not {@link #slotAt}'s (the caller compared it).
     */
    int column(byte[] b, int from, int to, int position) {
        int col = column(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        if (position < byteSlots.length) {
            byteSlots[position] = new ByteSlot(Arrays.copyOfRange(b, from, to), col); // racy but safe
        }
        return col;
    }

    private int column(String name) {
        Integer i = seenNames.get(name);
        if (i == null) {
            Integer c = byName.get(name.toLowerCase(Locale.ROOT));
            i = c == null ? -1 : c;
            if (seenNames.size() < 10_000) {
                seenNames.put(name, i);
            }
        }
        return i;
    }

    Object[] fromJson(String text) throws RecordException {
        return fromJson(null, text);
    }

    /** From the event's UTF-8 bytes when given (no String copy of the whole record), else from the text. */
    Object[] fromJson(byte[] utf8, String text) throws RecordException {
        Object[] row = new Object[columns.length + 1];
        boolean[] seen = new boolean[columns.length];
        StringWriter rescuedText = null;
        JsonGenerator rescued = null;
        try (JsonParser p = utf8 != null ? JSON.createParser(utf8) : JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw RecordException.parse("empty record: no JSON value");
            }
            if (t != JsonToken.START_OBJECT) {
                throw RecordException.schema("expected a JSON object, found " + describe(t));
            }
            int position = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int idx = column(name, position++);
                JsonToken v = p.nextToken();
                if (idx < 0) {
                    if (rescued == null) {
                        rescuedText = new StringWriter();
                        rescued = JSON.createGenerator(rescuedText);
                        rescued.writeStartObject();
                    }
                    rescued.writeFieldName(name);
                    rescued.copyCurrentStructure(p);
                    continue;
                }
                if (seen[idx]) {
                    throw RecordException.schema("field '" + name + "' appears twice (names are matched ignoring case)");
                }
                seen[idx] = true;
                Column column = columns[idx];
                // the common cases without boxing the JSON value first (same results and errors as Coerce.fromJson)
                if (v == JsonToken.VALUE_STRING && column.type() == ColumnType.STRING) {
                    try {
                        row[idx] = Coerce.wellFormed(p.getText(), column.name());
                    } catch (Coerce.CoercionException e) {
                        throw RecordException.schema(e.getMessage());
                    }
                    continue;
                }
                if (v == JsonToken.VALUE_NUMBER_INT && Coerce.takesJsonLong(column)) {
                    JsonParser.NumberType nt = p.getNumberType();
                    if (nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG) {
                        try {
                            row[idx] = Coerce.fromJsonLong(p.getLongValue(), column);
                        } catch (Coerce.CoercionException e) {
                            throw RecordException.schema(e.getMessage());
                        }
                        continue;
                    }
                }
                Object scalar = switch (v) {
                    case VALUE_NULL -> null;
                    case VALUE_STRING -> p.getText();
                    case VALUE_NUMBER_INT -> p.getNumberValue();
                    case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                    case VALUE_TRUE -> Boolean.TRUE;
                    case VALUE_FALSE -> Boolean.FALSE;
                    default -> throw RecordException.schema("column " + columns[idx].name() + ": expected a "
                            + columns[idx].typeName() + ", found " + describe(v));
                };
                try {
                    row[idx] = Coerce.fromJson(scalar, columns[idx]);
                } catch (Coerce.CoercionException e) {
                    throw RecordException.schema(e.getMessage());
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw RecordException.parse("malformed JSON object");
            }
            if (p.nextToken() != null) {
                throw RecordException.parse("text after the JSON object");
            }
            if (rescued != null) {
                rescued.writeEndObject();
                rescued.close();
                try {
                    row[columns.length] = Coerce.wellFormed(rescuedText.toString(), Dataset.RESCUED_DATA);
                } catch (Coerce.CoercionException e) {
                    throw RecordException.schema(e.getMessage() + " (from a field the schema does not know)");
                }
            }
            return row;
        } catch (JsonProcessingException e) {
            throw RecordException.parse("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RecordException.parse("unreadable JSON: " + e.getMessage());
        }
    }

    /**
     * When a record that is not blank by the line rule (spaces and tabs) holds only other whitespace, such as a
     * no-break space: the reason to quarantine it with, naming the characters (Jackson would call U+00A0 an
     * "invalid UTF-8 start byte"); else null.
     */
    static String blankReason(String text) {
        if (text == null) {
            return null;
        }
        Set<Integer> seen = new LinkedHashSet<>();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0xFEFF)) {
                return null;
            }
            if (cp != ' ' && cp != '\t' && seen.size() < 3) {
                seen.add(cp);
            }
            i += Character.charCount(cp);
        }
        StringBuilder sb = new StringBuilder("blank record: only whitespace (");
        for (int cp : seen) {
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(String.format("U+%04X ", cp))
                    .append(Character.getName(cp) == null ? "" : Character.getName(cp).toLowerCase(Locale.ROOT));
        }
        return sb.append("), no value").toString();
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
