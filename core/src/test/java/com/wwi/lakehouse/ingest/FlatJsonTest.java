package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.bench.IngestBench;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The fast path agrees with the Jackson path on everything it accepts, and accepts the common records. */
class FlatJsonTest {
    /** Whatever the fast path returns must be exactly the Jackson path's row, for valid UTF-8 only. */
    private static boolean agrees(Typer typer, byte[] b) {
        Object[] fast = typer.fastJson(b);
        if (fast == null) {
            return false;
        }
        String shown = new String(b, StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(b), () -> "accepted invalid UTF-8: " + Arrays.toString(b));
        Object[] slow;
        try {
            slow = typer.fromJson(b, null);
        } catch (RecordException e) {
            return fail("fast path accepted what Jackson rejects (" + e.getMessage() + "): " + shown);
        }
        assertArrayEquals(slow, fast, shown);
        for (int k = 0; k < slow.length; k++) { // BigDecimal scale and boxed types too, not only equals
            if (slow[k] != null) {
                assertEquals(slow[k].getClass(), fast[k].getClass(), shown);
            }
        }
        return true;
    }

    @Test
    void acceptsEveryGeneratedTweetWithTheSameRow() {
        Typer typer = new Typer(Dataset.TWEETS);
        int accepted = 0;
        List<String> lines = IngestBench.tweets(5_000, 3);
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            if (agrees(typer, b)) {
                accepted++;
            }
        }
        // the generator's records are all plain flat objects of known fields
        assertEquals(lines.size(), accepted);
    }

    @Test
    void agreesWithJacksonOnMutatedRecords() {
        Random rnd = new Random(11);
        int accepted = 0;
        int tried = 0;
        for (Dataset d : Dataset.values()) {
            Typer typer = new Typer(d);
            for (int t = 0; t < 6_000; t++) {
                byte[] b = randomRecord(rnd, typer.columns());
                int mutations = rnd.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    b = mutate(rnd, b);
                }
                tried++;
                if (agrees(typer, b)) {
                    accepted++;
                }
            }
        }
        Typer tweets = new Typer(Dataset.TWEETS);
        for (String line : IngestBench.tweets(20_000, 5)) { // real records, one or two bytes off
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            int mutations = 1 + rnd.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                b = mutate(rnd, b);
            }
            tried++;
            if (agrees(tweets, b)) {
                accepted++;
            }
        }
        // enough of both kinds that the comparison means something
        assertTrue(accepted > tried / 8, accepted + " of " + tried);
        assertTrue(accepted < tried * 9 / 10, accepted + " of " + tried);
    }

    @Test
    void agreesWithJacksonOnTheColumnsATableGained() {
        // a Bronze tweets table evolved by schema drift: a column of every type evolve adds, after the lineage columns
        TableSchema table = Dataset.TWEETS.bronzeSchema().plus(Column.of("device", ColumnType.STRING),
                Column.of("reach", ColumnType.LONG), Column.of("score_2", ColumnType.DOUBLE),
                Column.of("verified", ColumnType.BOOLEAN));
        Random rnd = new Random(12);
        int accepted = 0;
        int tried = 0;
        for (Drift drift : Drift.values()) {
            Typer typer = new Typer(Dataset.TWEETS, table, drift);
            assertEquals(Dataset.TWEETS.sourceSchema().size() + 4, typer.columns().length);
            for (int t = 0; t < 3_000; t++) {
                byte[] b = randomRecord(rnd, typer.columns());
                for (int m = rnd.nextInt(3); m > 0; m--) {
                    b = mutate(rnd, b);
                }
                tried++;
                if (agrees(typer, b)) {
                    accepted++;
                }
            }
            assertTrue(agrees(typer, "{\"Score 2\":1.5,\"VERIFIED\":true,\"reach\":7}".getBytes(StandardCharsets.UTF_8)),
                    "a gained column takes its field by the normalised name, ignoring case");
        }
        assertTrue(accepted > tried / 20, "enough accepted for the comparison to mean something: " + accepted + " of " + tried);
        assertTrue(accepted < tried * 9 / 10, accepted + " of " + tried);
    }

    @Test
    void edgeCases() {
        Typer tweets = new Typer(Dataset.TWEETS);
        String[] accepted = {
                "{}", " \t\r\n{ } \n", "{\"CITY\":\"Oslo\"}", "{\"city\":null,\"retweetcount\":-0}",
                "{\"tweet\":\"caf\u00e9 \ud83d\ude00 \\u00e9 \\ud83d\\ude00 \\/ \\\" \\\\ \\b\\f\\n\\r\\t\"}",
                "{\"sentimentscore\":0.5e1}", "{\"sentimentscore\":-2.5}", "{\"sentimentscore\":1E+2}",
                "{\"retweetcount\":2147483647}", "{\"hourofday\":12}", "{\"hourofday\":true}",
                "{\"time\":\"2021-06-27T12:00:00+02:00\"}", "{\"time\":\"2021-06-27 12:00\"}",
        };
        for (String s : accepted) {
            assertTrue(agrees(tweets, s.getBytes(StandardCharsets.UTF_8)), s);
        }
        String[] declined = {
                "", " ", "[]", "{", "{\"city\":\"Oslo\"", "{\"city\":\"Oslo\"}x", "{\"city\":\"Oslo\"}{}",
                "{\"nope\":1}", "{\"city\":\"a\",\"City\":\"b\"}", "{\"city\":{\"a\":1}}", "{\"city\":[1]}",
                "{\"retweetcount\":01}", "{\"retweetcount\":1.}", "{\"retweetcount\":-}", "{\"retweetcount\":+1}",
                "{\"retweetcount\":2147483648}", "{\"retweetcount\":\"many\"}", "{\"retweetcount\":1.5}",
                "{\"retweetcount\":12345678901234567890}", "{\"time\":12}", "{\"time\":\"garbage\"}",
                "{\"city\":tru}", "{\"city\":truex}", "{\"city\":\"a\\x\"}", "{\"city\":\"a\tb\"}",
                "{\"city\":\"\\u12\"}", "{\"c\u00eftry\":1}", "{\"city\":\"a\",}", "{,}", "{\"city\" \"a\"}",
                "{\"sentimentscore\":1e1000}", "\uFEFF{}",
                "{\"tweet\":\"a\\ud800\"}", "{\"tweet\":\"\\udc00\\ud800\"}", // lone surrogates: Jackson's path words them
        };
        for (String s : declined) {
            assertNull(tweets.fastJson(s.getBytes(StandardCharsets.UTF_8)), s);
        }
        byte[][] invalidUtf8 = {
                {'{', '"', 'c', 'i', 't', 'y', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                {'{', '"', 'c', 'i', 't', 'y', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                {'{', '"', 'c', 'i', 't', 'y', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
                {'{', '"', 'c', 'i', 't', 'y', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'},
                {'{', '"', 'c', 'i', 't', 'y', '"', ':', '"', '\\', 'n', (byte) 0xFF, '"', '}'},
        };
        for (byte[] b : invalidUtf8) {
            assertNull(tweets.fastJson(b), Arrays.toString(b));
        }
        Object[] row = tweets.fastJson("{\"City\":\"Oslo\",\"RetweetCount\":3}".getBytes(StandardCharsets.UTF_8));
        assertNotNull(row);
        assertEquals("Oslo", row[3]);
        assertEquals(3, row[5]);
        assertNull(row[row.length - 1], "nothing to rescue");
    }

    // ------------------------------------------------------------------ generators

    private static final String[] WORDS = {"a", "Oslo", "caf\u00e9", "\ud83d\ude00", "x y", "2021-06-27",
            "2021-06-27T12:00:00Z", "2021-06-27 12:00:00.5", "true", "12", " 7 ", "-3.5", "", "null", "\u6771\u4eac"};

    private static byte[] randomRecord(Random rnd, Column[] columns) {
        StringBuilder sb = new StringBuilder();
        sb.append(ws(rnd)).append('{');
        int fields = rnd.nextInt(columns.length + 1);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                sb.append(ws(rnd)).append(',');
            }
            String name = rnd.nextInt(30) == 0 ? "extra" + rnd.nextInt(3)
                    : columns[rnd.nextInt(40) == 0 ? 0 : f % columns.length].name();
            if (rnd.nextInt(4) == 0) {
                name = name.toUpperCase(Locale.ROOT);
            }
            sb.append(ws(rnd)).append('"').append(name).append('"').append(ws(rnd)).append(':').append(ws(rnd));
            sb.append(rnd.nextInt(5) == 0 ? randomValue(rnd) : fittingValue(rnd, columns[f % columns.length]));
        }
        sb.append(ws(rnd)).append('}').append(ws(rnd));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A value the column usually takes. */
    private static String fittingValue(Random rnd, Column c) {
        return switch (c.type()) {
            case STRING -> rnd.nextBoolean() ? '"' + WORDS[rnd.nextInt(WORDS.length)] + '"' : randomValue(rnd);
            case INT, LONG -> Integer.toString(rnd.nextInt(2000) - 1000);
            case FLOAT, DOUBLE, DECIMAL -> rnd.nextBoolean() ? Integer.toString(rnd.nextInt(100))
                    : (rnd.nextInt(200) - 100) + "." + rnd.nextInt(1000);
            case BOOLEAN -> rnd.nextBoolean() ? "true" : "\"false\"";
            case DATE -> "\"2021-0" + (1 + rnd.nextInt(9)) + "-1" + rnd.nextInt(10) + "\"";
            case TIMESTAMP -> "\"2021-06-27" + (rnd.nextBoolean() ? "T" : " ") + "12:0" + rnd.nextInt(10)
                    + (rnd.nextBoolean() ? ":00Z" : ":00.25+01:00") + "\"";
            case BINARY -> "\"AAE=\"";
        };
    }

    private static String randomValue(Random rnd) {
        return switch (rnd.nextInt(12)) {
            case 0, 1, 2 -> '"' + WORDS[rnd.nextInt(WORDS.length)] + '"';
            case 3 -> '"' + WORDS[rnd.nextInt(WORDS.length)] + "\\n\\u00e9\\\"" + '"';
            case 4, 5 -> Long.toString(rnd.nextInt(5) == 0 ? rnd.nextLong() : rnd.nextInt(2000) - 1000);
            case 6 -> String.valueOf(rnd.nextInt(2000) - 1000) + "." + rnd.nextInt(100);
            case 7 -> rnd.nextInt(100) + "e" + (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(12);
            case 8 -> rnd.nextBoolean() ? "true" : "false";
            case 9 -> "null";
            case 10 -> "[1,2]";
            default -> "{\"a\":" + rnd.nextInt(9) + "}";
        };
    }

    private static String ws(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            case 2 -> "\r\n";
            default -> "";
        };
    }

    private static final byte[] INTERESTING = "{}[],:\"\\ \t\n0123456789eE.+-tfnul/aZ".getBytes(StandardCharsets.US_ASCII);

    private static byte[] mutate(Random rnd, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
        int kind = rnd.nextInt(5);
        out.write(b, 0, at);
        switch (kind) {
            case 0 -> { } // delete one byte
            case 1 -> out.write(INTERESTING[rnd.nextInt(INTERESTING.length)]); // replace with a JSON-ish byte
            case 2 -> out.write(rnd.nextInt(256)); // replace with any byte
            case 3 -> { // insert a JSON-ish byte
                out.write(INTERESTING[rnd.nextInt(INTERESTING.length)]);
                if (at < b.length) {
                    out.write(b[at]);
                }
            }
            default -> { // cut here
                return out.toByteArray();
            }
        }
        if (at + 1 <= b.length) {
            out.write(b, Math.min(b.length, at + 1), Math.max(0, b.length - at - 1));
        }
        return out.toByteArray();
    }
}
