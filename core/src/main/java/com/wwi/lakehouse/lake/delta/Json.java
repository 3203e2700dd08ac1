package com.wwi.lakehouse.lake.delta;

/** Minimal JSON string escaping for the stats and commits we write. */
final class Json {
    private Json() {
    }

    /** Appends s as a JSON string literal: quotes, backslashes and control characters escaped, the rest as is. */
    static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        int run = 0; // start of the characters not yet appended
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append(s, run, n);
        return sb.append('"');
    }
}
