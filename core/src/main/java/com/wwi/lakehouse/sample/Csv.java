package com.wwi.lakehouse.sample;

import java.util.List;

/** RFC 4180 field quoting for the CSV-shaped datasets. */
public final class Csv {

    private Csv() {
    }

    /** True when the field must be quoted: it holds a comma, a double quote, CR or LF. */
    public static boolean needsQuotes(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }

    /** The field in double quotes, inner quotes doubled. */
    public static String quote(String field) {
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** The field as it goes into a CSV line: quoted only when needed; null becomes an empty field. */
    public static String field(String field) {
        if (field == null) {
            return "";
        }
        return needsQuotes(field) ? quote(field) : field;
    }

    /** One CSV line (no terminator), each field quoted only when needed. */
    public static String line(List<String> fields) {
        StringBuilder sb = new StringBuilder(fields.size() * 12);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(field(fields.get(i)));
        }
        return sb.toString();
    }

    /** One CSV line (no terminator) with every field quoted, as a SQL Server text export writes it. */
    public static String quotedLine(List<String> fields) {
        StringBuilder sb = new StringBuilder(fields.size() * 12);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(fields.get(i) == null ? "" : fields.get(i)));
        }
        return sb.toString();
    }
}
