package com.wwi.lakehouse.testing;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A table schema with every column type, and deterministic rows for it (nulls, non-ASCII, negatives). */
public final class AllTypes {
    public static final TableSchema SCHEMA = TableSchema.of(
            Column.required("id", ColumnType.LONG),
            Column.of("name", ColumnType.STRING),
            Column.of("n", ColumnType.INT),
            Column.of("f", ColumnType.FLOAT),
            Column.of("d", ColumnType.DOUBLE),
            Column.of("b", ColumnType.BOOLEAN),
            Column.of("day", ColumnType.DATE),
            Column.of("ts", ColumnType.TIMESTAMP),
            Column.decimal("amount", 10, 0),
            Column.decimal("big", 30, 4),
            Column.of("raw", ColumnType.BINARY));

    private AllTypes() {
    }

    /** Row {@code id}: name null every 7th, raw null every 5th, day cycling over 40 days from 2021-01-01. */
    public static Object[] row(long id) {
        return new Object[]{id, id % 7 == 0 ? null : "name-" + id + "-é✓ 東京 😀 \"q\"", (int) (id * 3),
                (float) id / 2, id * 1.25, id % 2 == 0, LocalDate.of(2021, 1, 1).plusDays(id % 40),
                Instant.parse("2021-06-27T10:15:30.123456Z").plusSeconds(id * 3600),
                new BigDecimal(id - 50), new BigDecimal("12345678901234567890.1234").negate().add(BigDecimal.valueOf(id)),
                id % 5 == 0 ? null : new byte[]{(byte) id, 1, 2}};
    }

    public static List<Object[]> rows(long from, long to) {
        List<Object[]> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(row(i));
        }
        return out;
    }
}
