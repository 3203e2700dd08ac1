package com.wwi.lakehouse.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad-record injection: {@link SampleDataGenerator#generate(Path, double, long, double, java.util.function.Consumer)}. */
class SampleDataGeneratorBadRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 42;

    @TempDir
    static Path shared;

    private static Path clean1;
    private static Path bad1;
    private static Summary cleanSummary1;
    private static Summary badSummary1;

    @BeforeAll
    static void generateScale1() throws IOException {
        clean1 = shared.resolve("clean");
        bad1 = shared.resolve("bad");
        cleanSummary1 = SampleDataGenerator.generate(clean1, 1, SEED, null);
        badSummary1 = SampleDataGenerator.generate(bad1, 1, SEED, 0.05, null);
    }

    // ---------------------------------------------------------------- no bad records

    @Test
    void fractionZeroIsByteIdenticalToTheFourArgumentMethod(@TempDir Path tmp) throws IOException {
        Summary four = SampleDataGenerator.generate(tmp.resolve("four"), 0.5, SEED, null);
        Summary five = SampleDataGenerator.generate(tmp.resolve("five"), 0.5, SEED, 0, null);
        assertEquals(four.files().size(), five.files().size());
        for (Path file : four.files()) {
            Path rel = tmp.resolve("four").relativize(file);
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(tmp.resolve("five").resolve(rel)), rel.toString());
        }
        for (SampleDataset d : SampleDataset.values()) {
            assertEquals(four.count(d), five.count(d));
            assertEquals(0, four.bad(d));
            assertEquals(0, five.bad(d));
            assertEquals(four.count(d), five.good(d));
        }
        assertEquals(four.bytes(), five.bytes());
        assertEquals(0, five.badTotal());
    }

    /**
     * The output without bad records is pinned to the bytes the generator wrote before bad-record injection existed
     * (scale 0.01, seed 3). A deliberate change of the generated data must update these hashes.
     */
    @Test
    void outputWithoutBadRecordsIsUnchanged(@TempDir Path tmp) throws IOException {
        Map<String, String> expected = Map.of(
                "campaigns/campaign-data2.csv", "94abfe8400d078e05cdede574c67a8c5a05916229217dc175aa15ece868614cb",
                "churn/CustomerChurnData.csv", "6f8e55cb1fd0657b79c2e49c8230de4111b70c9d0dd52605ea3f3f962d7993e8",
                "sales/SalesDataAfterCampaign.csv", "187cf91cb788b48aeaa70931a9efa41012d253a8ae48032e037f8555f45a2aac",
                "store-transactions/dbo.SalesTransData.txt",
                "22847e949fc64b1bd94e54df54031780b924dd509723a7fd15a686c47123274f",
                "tweets/part-00000.json", "6b486cf74b46811d002ab7299248adad6e5df451822af3a0159e8431d5ff67a3");
        Summary s = SampleDataGenerator.generate(tmp, 0.01, 3, null);
        assertEquals(expected.size(), s.files().size());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), sha256(Files.readAllBytes(tmp.resolve(e.getKey()))), e.getKey());
        }
    }

    // ---------------------------------------------------------------- with bad records

    @Test
    void badRecordsAreDeterministicAndAboutTheFraction(@TempDir Path tmp) throws IOException {
        Summary clean = SampleDataGenerator.generate(tmp.resolve("clean"), 0.5, SEED, null);
        Summary a = SampleDataGenerator.generate(tmp.resolve("a"), 0.5, SEED, 0.05, null);
        Summary b = SampleDataGenerator.generate(tmp.resolve("b"), 0.5, SEED, 0.05, null);
        Summary other = SampleDataGenerator.generate(tmp.resolve("other"), 0.5, SEED + 1, 0.05, null);
        assertEquals(a.badRecords(), b.badRecords());
        assertEquals(a.bytes(), b.bytes());
        boolean anyDiffers = false;
        for (Path file : a.files()) {
            Path rel = tmp.resolve("a").relativize(file);
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(tmp.resolve("b").resolve(rel)), rel.toString());
            anyDiffers |= !Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(tmp.resolve("other").resolve(rel)));
        }
        assertTrue(anyDiffers, "another seed gives other bytes");
        for (SampleDataset d : SampleDataset.values()) {
            long bad = a.bad(d);
            assertEquals(clean.count(d), a.count(d), d + ": records written, good and bad");
            assertTrue(bad > 0, d + " has no bad records");
            double expected = 0.05 * a.count(d);
            assertTrue(bad >= expected / 2 && bad <= expected * 2, d + ": " + bad + " bad of " + a.count(d));
            assertEquals(a.count(d) - bad, a.good(d));
        }
        assertEquals(Arrays.stream(SampleDataset.values()).mapToLong(a::bad).sum(), a.badTotal());
        assertLineStructure(tmp.resolve("clean"), clean, tmp.resolve("a"), a);
    }

    @Test
    void badLinesKeepTheLineStructureAndReplaceOnlyTheirOwnRecord() throws IOException {
        assertLineStructure(clean1, cleanSummary1, bad1, badSummary1);
    }

    @Test
    void everyKindAppearsAndIsCountedPerDataset() throws IOException {
        Set<BadRecordKind> seen = EnumSet.noneOf(BadRecordKind.class);
        for (SampleDataset d : SampleDataset.values()) {
            Map<BadRecordKind, Long> found = new EnumMap<>(BadRecordKind.class);
            for (int i = 0; i < cleanSummary1.files().size(); i++) {
                Path cleanFile = cleanSummary1.files().get(i);
                if (!cleanFile.startsWith(clean1.resolve(d.folder()))) {
                    continue;
                }
                List<byte[]> good = records(cleanFile, d);
                List<byte[]> bad = records(badSummary1.files().get(i), d);
                for (int j = 0; j < good.size(); j++) {
                    if (!Arrays.equals(good.get(j), bad.get(j))) {
                        BadRecordKind kind = classify(d, bad.get(j), new String(good.get(j), StandardCharsets.UTF_8));
                        assertTrue(BadRecordKind.forDataset(d).contains(kind), d + " got " + kind);
                        found.merge(kind, 1L, Long::sum);
                    }
                }
            }
            for (BadRecordKind kind : BadRecordKind.forDataset(d)) {
                assertEquals(badSummary1.bad(d, kind), (long) found.getOrDefault(kind, 0L), d + " " + kind);
            }
            assertEquals(badSummary1.badRecords().get(d).keySet(), Set.copyOf(BadRecordKind.forDataset(d)));
            seen.addAll(found.keySet());
            if (d != SampleDataset.CAMPAIGNS) { // 39 campaigns give 2 bad records, fewer than the kinds
                assertEquals(EnumSet.copyOf(BadRecordKind.forDataset(d)), EnumSet.copyOf(found.keySet()), d.toString());
            }
        }
        assertEquals(EnumSet.allOf(BadRecordKind.class), seen);
        assertEquals(9, BadRecordKind.forDataset(SampleDataset.TWEETS).size());
        assertEquals(6, BadRecordKind.forDataset(SampleDataset.SALES).size());
    }

    @Test
    void atLeastOneBadRecordPerDatasetAndTheLargestFraction(@TempDir Path tmp) throws IOException {
        Summary tiny = SampleDataGenerator.generate(tmp.resolve("tiny"), 1e-9, SEED, 0.001, null);
        for (SampleDataset d : SampleDataset.values()) {
            assertEquals(1, tiny.bad(d), d.toString());
        }
        Summary clean = SampleDataGenerator.generate(tmp.resolve("clean"), 1e-9, SEED, null);
        assertLineStructure(tmp.resolve("clean"), clean, tmp.resolve("tiny"), tiny);

        Summary half = SampleDataGenerator.generate(tmp.resolve("half"), 0.01, SEED, 0.5, null);
        assertEquals(List.of(50L, 4L, 35L, 50L, 10L), Arrays.stream(SampleDataset.values()).map(half::bad).toList());
        Summary cleanSmall = SampleDataGenerator.generate(tmp.resolve("clean-small"), 0.01, SEED, null);
        assertLineStructure(tmp.resolve("clean-small"), cleanSmall, tmp.resolve("half"), half);
    }

    @Test
    void badRecordsSpreadOverSeveralFiles(@TempDir Path tmp) throws IOException {
        Summary clean = SampleDataGenerator.generate(tmp.resolve("clean"), 2, SEED, null);
        Summary bad = SampleDataGenerator.generate(tmp.resolve("bad"), 2, SEED, 0.05, null);
        assertEquals(1000, bad.bad(SampleDataset.TWEETS));
        for (int part = 0; part < 2; part++) {
            String name = "tweets/" + SampleDataset.TWEETS.fileName(part);
            List<byte[]> good = records(tmp.resolve("clean").resolve(name), SampleDataset.TWEETS);
            List<byte[]> corrupted = records(tmp.resolve("bad").resolve(name), SampleDataset.TWEETS);
            long differing = 0;
            for (int i = 0; i < good.size(); i++) {
                differing += Arrays.equals(good.get(i), corrupted.get(i)) ? 0 : 1;
            }
            assertTrue(differing > 300 && differing < 700, name + ": " + differing);
        }
        assertLineStructure(tmp.resolve("clean"), clean, tmp.resolve("bad"), bad);
    }

    @Test
    void summaryKeepsItsSevenArgumentConstructor() {
        Summary s = new Summary(1, 2, 3, 4, 5, 6, List.of());
        assertEquals(0, s.badTotal());
        assertEquals(3, s.count(SampleDataset.CHURN));
        assertEquals(0, s.bad(SampleDataset.TWEETS, BadRecordKind.TOO_FEW_COLUMNS));
        assertEquals(Set.of(SampleDataset.values()), s.badRecords().keySet());
    }

    // ---------------------------------------------------------------- arguments

    @Test
    void badFractionOutOfRangeIsRejected(@TempDir Path tmp) throws IOException {
        for (double f : new double[] {-0.01, -0.0001, 0.5000001, 0.51, 1, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SampleDataGenerator.generate(tmp.resolve("out"), 1, SEED, f, null), "fraction " + f);
            assertTrue(e.getMessage().startsWith("bad fraction must be between 0 and 0.5, got "), e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        }
        try (var listing = Files.list(tmp)) {
            assertEquals(0, listing.count(), "nothing written for a bad fraction");
        }
    }

    // ---------------------------------------------------------------- checks

    /**
     * Same files, same line count per file as the clean run; header intact; every line non-blank, NUL-free, with
     * the dataset's terminator; lines that differ from the clean run's are exactly the summary's bad records.
     */
    private static void assertLineStructure(Path cleanRoot, Summary clean, Path badRoot, Summary bad) throws IOException {
        assertEquals(clean.files().size(), bad.files().size());
        long[] differing = new long[SampleDataset.values().length];
        long bytes = 0;
        for (int i = 0; i < clean.files().size(); i++) {
            Path rel = cleanRoot.relativize(clean.files().get(i));
            assertEquals(badRoot.resolve(rel), bad.files().get(i));
            SampleDataset d = datasetOf(rel);
            Path badFile = bad.files().get(i);
            bytes += Files.size(badFile);
            List<byte[]> goodLines = lines(clean.files().get(i), d);
            List<byte[]> badLines = lines(badFile, d);
            assertEquals(goodLines.size(), badLines.size(), rel + ": line count");
            if (d.header() != null) {
                assertEquals(d.header(), new String(badLines.get(0), StandardCharsets.UTF_8), rel + ": header");
            }
            for (int j = 0; j < badLines.size(); j++) {
                byte[] line = badLines.get(j);
                assertFalse(isBlank(line), rel + " line " + (j + 1) + " is blank");
                for (byte x : line) {
                    assertTrue(x != 0, rel + " line " + (j + 1) + " holds a NUL byte");
                }
                if (!Arrays.equals(goodLines.get(j), line)) {
                    differing[d.ordinal()]++;
                }
            }
        }
        for (SampleDataset d : SampleDataset.values()) {
            assertEquals(bad.bad(d), differing[d.ordinal()], d + ": changed lines");
            assertEquals(clean.count(d), bad.count(d), d + ": records");
        }
        assertEquals(bytes, bad.bytes());
    }

    /**
     * The kind of a bad line, judged from its bytes alone (and, for truncation, the clean line it replaced); fails
     * when the line fits no kind of its dataset.
     */
    private static BadRecordKind classify(SampleDataset d, byte[] bytes, String original) throws IOException {
        String text = strictUtf8(bytes);
        if (text == null) {
            assertTrue(indexOf(bytes, new byte[] {(byte) 0xC3, 0x28}) >= 0, "invalid UTF-8 without C3 28");
            return BadRecordKind.INVALID_UTF8;
        }
        return d == SampleDataset.TWEETS ? classifyTweet(text, original) : classifyCsv(d, text);
    }

    private static BadRecordKind classifyTweet(String text, String original) {
        if (text.endsWith(" trailing")) {
            assertEquals(original + " trailing", text);
            return BadRecordKind.TRAILING_TEXT;
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            assertTrue(original.startsWith(text) && text.length() < original.length() && text.startsWith("{"), text);
            return BadRecordKind.TRUNCATED_JSON;
        }
        if (node.isArray()) {
            assertEquals(12, node.size(), text);
            return BadRecordKind.JSON_ARRAY;
        }
        if (node.isTextual()) {
            assertFalse(node.asText().isBlank(), text);
            return BadRecordKind.JSON_STRING;
        }
        assertTrue(node.isObject(), text);
        if (node.has("city") && node.has("City")) {
            assertFalse(node.get("city").asText().equalsIgnoreCase(node.get("City").asText()), text);
            return BadRecordKind.DUPLICATE_KEY;
        }
        if (node.get("retweetcount").isTextual()) {
            assertEquals("many", node.get("retweetcount").asText());
            return BadRecordKind.WRONG_TYPE;
        }
        if (!parsesAsTime(node.get("time").asText())) {
            return BadRecordKind.BAD_TIMESTAMP;
        }
        if (!node.hasNonNull("city")) {
            return BadRecordKind.MISSING_CITY;
        }
        return fail("unclassified bad tweet: " + text);
    }

    private static BadRecordKind classifyCsv(SampleDataset d, String text) {
        if (text.chars().filter(c -> c == '"').count() % 2 == 1) {
            return BadRecordKind.UNTERMINATED_QUOTE;
        }
        List<String> f = SampleDataGeneratorTest.parseCsv(text).get(0);
        int columns = switch (d) {
            case CAMPAIGNS -> 22;
            case CHURN -> 18;
            case STORE_TRANSACTIONS -> 8;
            case SALES -> 4;
            case TWEETS -> throw new AssertionError();
        };
        if (f.size() < columns) {
            return BadRecordKind.TOO_FEW_COLUMNS;
        }
        if (f.size() > columns) {
            return BadRecordKind.TOO_MANY_COLUMNS;
        }
        int[] keys = switch (d) {
            case CAMPAIGNS -> new int[] {4, 20};
            case CHURN -> new int[] {0};
            case STORE_TRANSACTIONS -> new int[] {1, 2};
            case SALES -> new int[] {3};
            case TWEETS -> throw new AssertionError();
        };
        for (int k : keys) {
            if (f.get(k).isEmpty()) {
                return BadRecordKind.MISSING_KEY;
            }
        }
        try {
            switch (d) {
                case CAMPAIGNS -> {
                    Integer.parseInt(f.get(3));
                    for (int i : new int[] {8, 9, 10, 11, 13, 17, 18}) {
                        Double.parseDouble(f.get(i));
                    }
                    LocalDate.parse(f.get(20));
                }
                case CHURN -> {
                    Integer.parseInt(f.get(5));
                    Double.parseDouble(f.get(15));
                    if (!f.get(16).isEmpty()) {
                        Double.parseDouble(f.get(16));
                    }
                }
                case STORE_TRANSACTIONS -> {
                    LocalDate.parse(f.get(1));
                    Integer.parseInt(f.get(2));
                    Long.parseLong(f.get(4));
                    Integer.parseInt(f.get(5));
                    Double.parseDouble(f.get(6));
                    Double.parseDouble(f.get(7));
                }
                case SALES -> {
                    Long.parseLong(f.get(0));
                    Integer.parseInt(f.get(1));
                    Double.parseDouble(f.get(2));
                }
                case TWEETS -> throw new AssertionError();
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return BadRecordKind.NON_NUMERIC;
        }
        return fail("unclassified bad " + d + " line: " + text);
    }

    // ---------------------------------------------------------------- helpers

    /** The file's lines as bytes, without terminators; every line must end with the dataset's terminator. */
    private static List<byte[]> lines(Path file, SampleDataset d) throws IOException {
        byte[] all = Files.readAllBytes(file);
        boolean crlf = d.lineSeparator().equals("\r\n");
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\r') {
                assertTrue(crlf && i + 1 < all.length && all[i + 1] == '\n', file + ": stray CR at " + i);
            } else if (all[i] == '\n') {
                assertTrue(!crlf || (i > 0 && all[i - 1] == '\r'), file + ": LF without CR at " + i);
                out.add(Arrays.copyOfRange(all, start, crlf ? i - 1 : i));
                start = i + 1;
            }
        }
        assertEquals(all.length, start, file + " does not end with a line terminator");
        return out;
    }

    /** The file's record lines (header dropped). */
    private static List<byte[]> records(Path file, SampleDataset d) throws IOException {
        List<byte[]> lines = lines(file, d);
        return d.header() == null ? lines : lines.subList(1, lines.size());
    }

    private static SampleDataset datasetOf(Path rel) {
        String folder = rel.getName(0).toString();
        for (SampleDataset d : SampleDataset.values()) {
            if (d.folder().equals(folder)) {
                return d;
            }
        }
        throw new AssertionError("unknown folder " + folder);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0x0B && b != 0x0C) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static boolean parsesAsTime(String time) {
        try {
            if (time.endsWith("Z") || time.matches(".*[+-]\\d\\d:\\d\\d")) {
                OffsetDateTime.parse(time);
            } else {
                LocalDateTime.parse(time);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
