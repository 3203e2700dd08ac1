package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Delta's string form of partition values, and the Hive-style folder names they go in. */
final class PartitionValues {
    static final String HIVE_DEFAULT = "__HIVE_DEFAULT_PARTITION__";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private PartitionValues() {
    }

    static String format(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Instant i) {
            return TS.format(i);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    static Object parse(String s, Column c) {
        if (s == null || s.equals(HIVE_DEFAULT)) {
            return null;
        }
        return switch (c.type()) {
            case STRING -> s;
            case INT -> Integer.valueOf(s);
            case LONG -> Long.valueOf(s);
            case BOOLEAN -> Boolean.valueOf(s);
            case DATE -> LocalDate.parse(s);
            case TIMESTAMP -> LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            case DECIMAL -> new BigDecimal(s).setScale(c.scale());
            default -> throw new IllegalArgumentException("unsupported partition column type " + c.typeName());
        };
    }

    /** Folder name for one partition column, escaped the way Spark escapes it. */
    static String folder(String column, String value) {
        String v = value == null ? HIVE_DEFAULT : escape(value);
        return escape(column) + "=" + v;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || "\"#%'*/:=?\\\u007F{[]^".indexOf(ch) >= 0) {
                sb.append('%').append(String.format("%02X", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

}
