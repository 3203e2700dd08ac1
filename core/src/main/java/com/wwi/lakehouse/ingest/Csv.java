package com.wwi.lakehouse.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV line to fields, as Spark reads CSV by default (one record per line, comma separated, {@code "}
 * quotes, {@code ""} inside quotes is a quote). An unquoted empty field is null, a quoted empty field is the
 * empty string. A quote left open, or text after a closing quote, is an error naming the column.
 */
final class Csv {
    private Csv() {
    }

    static final class CsvException extends Exception {
        CsvException(String message) {
            super(message, null, false, false);
        }
    }

    static List<String> split(String line) throws CsvException {
        List<String> out = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int start = i;
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                if (!closed) {
                    throw new CsvException("unterminated quoted field in column " + (out.size() + 1)
                            + " (starts at character " + (start + 1) + ")");
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new CsvException("unexpected text after the closing quote of column " + (out.size() + 1)
                            + " (character " + (i + 1) + ")");
                }
                out.add(sb.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                out.add(end == i ? null : line.substring(i, end));
                i = end;
            }
            if (i >= n) {
                return out;
            }
            i++; // skip the comma
            if (i == n) {
                out.add(null); // trailing comma: one more empty field
                return out;
            }
        }
    }
}
