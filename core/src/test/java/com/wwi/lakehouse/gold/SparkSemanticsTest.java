package com.wwi.lakehouse.gold;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The facts probed on Spark 4.2 (lab-pipeline.md, "Spark semantics the Gold tables must match"). */
class SparkSemanticsTest {
    @Test
    void weeksAreEpochAlignedAndStartOnThursday() {
        SparkSemantics.Window w = SparkSemantics.week(LocalDate.of(2021, 6, 27));
        assertEquals(Instant.parse("2021-06-24T00:00:00Z"), w.start());
        assertEquals(Instant.parse("2021-07-01T00:00:00Z"), w.end());
        assertEquals(w, SparkSemantics.week(LocalDate.of(2021, 6, 24)), "the start day belongs to its window");
        assertEquals(Instant.parse("2021-07-01T00:00:00Z"), SparkSemantics.week(LocalDate.of(2021, 7, 1)).start(),
                "the end is exclusive");
        assertEquals(Instant.parse("1969-12-25T00:00:00Z"), SparkSemantics.week(LocalDate.of(1969, 12, 31)).start());
    }

    @Test
    void roundIsHalfUpOnTheDecimalText() {
        assertEquals(2.68, SparkSemantics.round(2.675, 2));
        assertEquals(1.01, SparkSemantics.round(1.005, 2));
        assertEquals(-1.01, SparkSemantics.round(-1.005, 2));
        assertNull(SparkSemantics.round(null, 2));
    }

    @Test
    void floatSumsAreDoubles() {
        assertEquals((double) 0.1f + (double) 0.2f, SparkSemantics.sumFloats(Arrays.asList(0.1f, null, 0.2f)));
        assertNull(SparkSemantics.sumFloats(Arrays.asList((Float) null)));
    }

    @Test
    void percentRankWithTies() {
        List<LocalDate> keys = Arrays.asList(LocalDate.of(2021, 1, 3), LocalDate.of(2021, 1, 1), LocalDate.of(2021, 1, 3),
                LocalDate.of(2021, 1, 2), LocalDate.of(2021, 1, 5));
        assertArrayEquals(new double[]{0.5, 0.0, 0.5, 0.25, 1.0}, SparkSemantics.percentRank(keys), 1e-12);
        assertArrayEquals(new double[]{0.0}, SparkSemantics.percentRank(List.of(LocalDate.of(2021, 1, 1))));
    }
}
