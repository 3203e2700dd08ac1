package com.wwi.lakehouse.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.wwi.lakehouse.datasets.Coerce;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Types one record of a dataset: CSV fields by position (or, under a header wider than the schema, by name), or a
 * JSON object by field name ignoring case. The columns are the dataset's source columns, then the columns the Bronze
 * table gained since (drift policy {@code evolve}, or another engine's ADD COLUMNS), matched by name ignoring case or
 * by the name {@link Dataset#columnName} makes of a field. The result has these columns followed by one slot for
 * {@code _rescued_data} (JSON of fields no column takes; null when there are none). A field no column takes is
 * handled by the landing's {@link Drift} policy. Thread-safe; immutable once built (a wider table makes a new one).
 */
final class Typer {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 * 1024 * 1024).build())
            .build();

    private final Dataset dataset;
    private final Drift drift;
    private final Column[] columns;
    /** How many of {@link #columns} are the dataset's source columns; the rest the table gained. */
    private final int declared;
    private final boolean[] takesJsonLong;
    private final Map<String, Integer> byName = new HashMap<>();
    /** Every column name of the Bronze table, lineage included, lower case: a new column must not take one. */
    private final Set<String> tableNames = new HashSet<>();
    /** Field names exactly as they came, to their column (or -1): JSON keys repeat, so this skips lower-casing. */
    private final ConcurrentHashMap<String, Integer> seenNames = new ConcurrentHashMap<>();

    /** The dataset's source columns alone, rescuing what they do not take (the policy of a table never widened). */
    Typer(Dataset dataset) {
        this(dataset, dataset.bronzeSchema(), Drift.RESCUE);
    }

    /** For the Bronze table {@code table} (the dataset's Bronze schema, perhaps with columns added at its end). */
    Typer(Dataset dataset, TableSchema table, Drift drift) {
        this.dataset = dataset;
        this.drift = drift;
        TableSchema source = dataset.sourceSchema();
        List<Column> cols = new ArrayList<>(source.columns());
        for (Column c : table.columns()) {
            tableNames.add(c.name().toLowerCase(Locale.ROOT));
            if (source.indexOf(c.name()) < 0 && !Dataset.isLineage(c.name())) {
                cols.add(c);
            }
        }
        this.declared = source.size();
        this.columns = cols.toArray(new Column[0]);
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
        if (fields.size() != declared) {
            throw RecordException.schema("expected " + declared + " fields for " + dataset.folder()
                    + ", found " + fields.size());
        }
        Object[] row = new Object[columns.length + 1];
        for (int i = 0; i < declared; i++) {
            try {
                row[i] = Coerce.fromText(fields.get(i), columns[i]);
            } catch (Coerce.CoercionException e) {
                throw RecordException.schema(e.getMessage());
            }
        }
        return row;
    }

    /**
     * How a CSV header maps onto the columns: per header position its column, or -1 for a header column no column
     * takes (an unknown field; its name as the header spells it in {@link #names}). Null header: by position.
     */
    record Header(List<String> names, int[] column) {
        /** The header columns no column takes, as the header spells them. */
        List<String> unknown() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < column.length; i++) {
                if (column[i] < 0) {
                    out.add(names.get(i));
                }
            }
            return out;
        }
    }

    /**
     * The mapping of a header wider than the dataset's schema: each header name to the column of that name (ignoring
     * case, as spelt or as {@link Dataset#columnName} makes it), the others unknown. Null, with the reason in
     * {@code problem[0]}, when a source column is not named or a column is named twice.
     */
    Header header(List<String> names, String[] problem) {
        int[] col = new int[names.size()];
        boolean[] taken = new boolean[columns.length];
        for (int i = 0; i < names.size(); i++) {
            String raw = names.get(i).strip();
            Integer c = byName.get(raw.toLowerCase(Locale.ROOT));
            String normal = Dataset.columnName(raw);
            if (c == null && normal != null) {
                c = byName.get(normal.toLowerCase(Locale.ROOT));
            }
            if (c != null && taken[c]) {
                problem[0] = "header names " + columns[c].name() + " twice";
                return null;
            }
            col[i] = c == null ? -1 : c;
            if (c != null) {
                taken[c] = true;
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < declared; i++) {
            if (!taken[i]) {
                missing.add(columns[i].name());
            }
        }
        if (!missing.isEmpty()) {
            problem[0] = "a header wider than the schema must name every column of it; missing: "
                    + String.join(", ", missing);
            return null;
        }
        return new Header(List.copyOf(names), col);
    }

    /**
     * The columns a header's unknown names would become under {@code evolve}: STRING, named by
     * {@link Dataset#columnName}; a name that normalises to nothing or onto a column of the table stays unknown.
     */
    List<Column> newCsvColumns(Header header) {
        Map<String, Column> out = new LinkedHashMap<>();
        for (String raw : header.unknown()) {
            String name = Dataset.columnName(raw.strip());
            if (name != null && mayAdd(name) && out.size() + columns.length - declared < MAX_GAINED_COLUMNS) {
                out.putIfAbsent(name.toLowerCase(Locale.ROOT), Column.of(name, ColumnType.STRING));
            }
        }
        return List.copyOf(out.values());
    }

    /** A CSV record under a header mapping: unknown header columns rescued, or refused by {@code strict}. */
    Object[] fromCsv(List<String> fields, Header header) throws RecordException {
        if (header == null) {
            return fromCsv(fields);
        }
        int[] col = header.column();
        if (fields.size() != col.length) {
            throw RecordException.schema("expected " + col.length + " fields for " + dataset.folder()
                    + " (as its header), found " + fields.size());
        }
        Object[] row = new Object[columns.length + 1];
        Map<String, String> unknown = null;
        for (int i = 0; i < col.length; i++) {
            if (col[i] < 0) {
                if (unknown == null) {
                    unknown = new LinkedHashMap<>();
                }
                String v = fields.get(i);
                unknown.put(header.names().get(i), v == null || v.isEmpty() ? null : v);
                continue;
            }
            try {
                row[col[i]] = Coerce.fromText(fields.get(i), columns[col[i]]);
            } catch (Coerce.CoercionException e) {
                throw RecordException.schema(e.getMessage());
            }
        }
        if (unknown != null) {
            if (drift == Drift.STRICT) {
                throw RecordException.schema(Errors.unknownFields("header column", unknown.keySet(), dataset.folder()));
            }
            StringWriter out = new StringWriter();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                for (Map.Entry<String, String> e : unknown.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            try {
                row[columns.length] = Coerce.wellFormed(out.toString(), Dataset.RESCUED_DATA);
            } catch (Coerce.CoercionException e) {
                throw RecordException.schema(e.getMessage() + " (from a header column the schema does not know)");
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
            if (c == null && columns.length > declared) { // a column the table gained takes its field by normal name
                String normal = Dataset.columnName(name);
                Integer n = normal == null ? null : byName.get(normal.toLowerCase(Locale.ROOT));
                c = n != null && n >= declared ? n : null;
            }
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
        List<String> unknown = null; // strict
        Map<String, Column> newColumns = null; // evolve
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
                    if (drift == Drift.STRICT) {
                        if (unknown == null) {
                            unknown = new ArrayList<>();
                        }
                        unknown.add(name);
                        p.skipChildren();
                        continue;
                    }
                    Column added = drift == Drift.EVOLVE && (newColumns == null
                            || newColumns.size() + columns.length - declared < MAX_GAINED_COLUMNS)
                            ? newColumn(name, v, p) : null;
                    if (added != null) {
                        if (newColumns == null) {
                            newColumns = new LinkedHashMap<>();
                        }
                        newColumns.putIfAbsent(added.name().toLowerCase(Locale.ROOT), added);
                        continue;
                    }
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
            if (unknown != null) {
                throw RecordException.schema(Errors.unknownFields("field", unknown, dataset.folder()));
            }
            if (newColumns != null) {
                throw RecordException.newColumns(List.copyOf(newColumns.values()), dataset.folder());
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
     * The column an unknown JSON field becomes under {@code evolve}: named by {@link Dataset#columnName}, typed by
     * the value (string STRING, integer LONG, other number DOUBLE, true/false BOOLEAN); null (the field is rescued)
     * for a null, an object, an array, an integer beyond a long, or a name that normalises to nothing or onto a column
     * of the table.
     */
    private Column newColumn(String field, JsonToken v, JsonParser p) throws IOException {
        ColumnType type = switch (v) {
            case VALUE_STRING -> ColumnType.STRING;
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? null : ColumnType.LONG;
            case VALUE_NUMBER_FLOAT -> ColumnType.DOUBLE;
            case VALUE_TRUE, VALUE_FALSE -> ColumnType.BOOLEAN;
            default -> null;
        };
        String name = type == null ? null : Dataset.columnName(field);
        return name == null || !mayAdd(name) ? null : Column.of(name, type);
    }

    /** Those of {@code wanted} (asked for by a record typed by an older typer) this table may still gain. */
    List<Column> admissible(List<Column> wanted) {
        List<Column> out = new ArrayList<>();
        for (Column c : wanted) {
            if (mayAdd(c.name()) && out.size() + columns.length - declared < MAX_GAINED_COLUMNS) {
                out.add(c);
            }
        }
        return out;
    }

    /** Longest name a column added by drift may have; a longer field is rescued. */
    static final int MAX_NEW_COLUMN_NAME = 128;
    /** Most columns drift may add to a Bronze table; past them new fields are rescued. */
    static final int MAX_GAINED_COLUMNS = 100;

    /**
     * Whether drift may add a column of this (normalised) name: not one of the table's already (a lineage column,
     * say), not too long, and the table not past {@link #MAX_GAINED_COLUMNS}: a producer sending a new field name
     * with every record must not grow the table for ever.
     */
    private boolean mayAdd(String name) {
        return !tableNames.contains(name.toLowerCase(Locale.ROOT)) && name.length() <= MAX_NEW_COLUMN_NAME
                && columns.length - declared < MAX_GAINED_COLUMNS;
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
