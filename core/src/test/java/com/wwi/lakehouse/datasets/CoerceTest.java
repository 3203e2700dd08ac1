package com.wwi.lakehouse.datasets;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CoerceTest {
    @Test
    void theFastTimestampPathAgreesWithTheFormatter() {
        String[] valid = {"2021-06-27T10:15:30Z", "2021-06-27T05:15:30-05:00", "2021-06-27T15:45:30+05:30",
                "2021-06-27 10:15:30", "2021-06-27T10:15:30.1Z", "2021-06-27T10:15:30.123456789Z",
                "2021-06-27T12:15:30+0200", "2020-02-29T00:00:00Z", "1969-12-31T23:59:59.999999Z",
                "2021-12-31T22:30:00-05:00"};
        for (String s : valid) {
            Instant fast = Coerce.fastIso(s);
            assertEquals(Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .withZone(ZoneOffset.UTC).parse(s.replace(' ', 'T').replaceAll("\\+(\\d\\d)(\\d\\d)$", "+$1:$2")
                            + (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$") ? "" : "Z")))
                    .truncatedTo(ChronoUnit.MICROS), fast, s);
        }
        assertEquals(Instant.parse("2022-01-01T03:30:00Z"), Coerce.parseTimestamp("2021-12-31T22:30:00-05:00"));
        for (String s : new String[]{"2021-02-30T10:00:00Z", "2021-13-01T10:00:00Z", "2021-06-27T24:00:00Z",
                "2021-06-27T10:15:30.Z", "2021-06-27T10:15:30X", "yesterday"}) {
            assertNull(Coerce.fastIso(s), s);
        }
        assertThrows(DateTimeParseException.class, () -> Coerce.parseTimestamp("2021-02-30T10:00:00Z"));
        assertEquals(Instant.parse("2021-06-27T10:15:00Z"), Coerce.parseTimestamp("2021-06-27T10:15"), "formatter path");
    }

    @Test
    void sparkCsvSemanticsForText() throws Exception {
        assertEquals(3.0f, Coerce.fromText(" 3 ", Column.of("x", ColumnType.FLOAT)));
        assertNull(Coerce.fromText("", Column.of("x", ColumnType.INT)));
        assertEquals("null", Coerce.fromText("null", Column.of("x", ColumnType.STRING)));
        assertEquals(new BigDecimal("3"), Coerce.fromText("2.5", Column.decimal("x", 10, 0)));
        assertEquals(new BigDecimal("-3"), Coerce.fromText("-2.5", Column.decimal("x", 10, 0)));
        assertEquals(LocalDate.of(2021, 6, 27), Coerce.fromText("2021-06-27", Column.of("x", ColumnType.DATE)));
        assertEquals(LocalDate.of(2022, 1, 1), Coerce.parseDate("2021-12-31T22:30:00-05:00"), "to_date in UTC");
        assertThrows(Coerce.CoercionException.class, () -> Coerce.fromText("3.5", Column.of("x", ColumnType.INT)));
        assertEquals(3, Coerce.fromText("3.0", Column.of("x", ColumnType.INT)));
    }

    @Test
    void jsonIntegersWithoutBoxingGiveTheSameValuesAndErrorsAsTheBoxedPath() {
        Column[] cols = {Column.of("i", ColumnType.INT), Column.of("l", ColumnType.LONG), Column.of("f", ColumnType.FLOAT),
                Column.of("d", ColumnType.DOUBLE), Column.of("s", ColumnType.STRING), Column.decimal("m", 10, 0),
                Column.decimal("n", 5, 2), Column.decimal("w", 38, 4)};
        long[] values = {0, 1, -1, 7, 10, 11, 127, -128, 999, 1000, 99_999, 100_000, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 9_999_999_999L, 10_000_000_000L,
                (1L << 53) + 1, Long.MAX_VALUE, Long.MIN_VALUE};
        for (Column c : cols) {
            assertEquals(true, Coerce.takesJsonLong(c), c.typeName());
            for (long v : values) {
                // what the parser boxed before: an Integer when the value fits one, else a Long
                Object boxed = v == (int) v ? (Object) (int) v : (Object) v;
                Object expected;
                String expectedError = null;
                try {
                    expected = Coerce.fromJson(boxed, c);
                } catch (Coerce.CoercionException e) {
                    expected = null;
                    expectedError = e.getMessage();
                }
                try {
                    Object got = Coerce.fromJsonLong(v, c);
                    assertEquals(null, expectedError, c.typeName() + " " + v);
                    assertEquals(expected, got, c.typeName() + " " + v);
                    assertEquals(expected.getClass(), got.getClass(), c.typeName() + " " + v);
                } catch (Coerce.CoercionException e) {
                    assertEquals(expectedError, e.getMessage(), c.typeName() + " " + v);
                }
            }
        }
        for (ColumnType t : new ColumnType[]{ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.BINARY}) {
            assertEquals(false, Coerce.takesJsonLong(Column.of("x", t)), t.name());
        }
    }
}
