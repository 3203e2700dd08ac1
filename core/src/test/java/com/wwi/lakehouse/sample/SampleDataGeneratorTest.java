package com.wwi.lakehouse.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.datasets.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleDataGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 42;

    @TempDir
    static Path shared;

    private static Path scale1;
    private static Summary summary1;
    private static List<String> progress1;

    @BeforeAll
    static void generateScale1() throws IOException {
        scale1 = shared.resolve("scale1");
        progress1 = new ArrayList<>();
        summary1 = SampleDataGenerator.generate(scale1, 1, SEED, progress1::add);
    }

    // ---------------------------------------------------------------- determinism

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers(@TempDir Path tmp) throws IOException {
        Summary again = SampleDataGenerator.generate(tmp.resolve("again"), 1, SEED, null);
        Summary other = SampleDataGenerator.generate(tmp.resolve("other"), 1, SEED + 1, null);
        assertEquals(summary1.files().size(), again.files().size());
        assertEquals(summary1.bytes(), again.bytes());
        for (Path file : summary1.files()) {
            Path rel = scale1.relativize(file);
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(tmp.resolve("again").resolve(rel)),
                    "same seed, different bytes in " + rel);
            Path otherFile = tmp.resolve("other").resolve(rel);
            assertTrue(Files.exists(otherFile), rel.toString());
            assertFalse(Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(otherFile)),
                    "another seed, same bytes in " + rel);
        }
    }

    // ---------------------------------------------------------------- counts

    @Test
    void writesEveryLandingDatasetIntoItsFolder() {
        for (Dataset d : Dataset.values()) {
            assertEquals(d.folder(), SampleDataset.of(d).folder());
        }
        assertEquals(Dataset.values().length, SampleDataset.values().length);
    }

    @Test
    void countsAtScale1() throws IOException {
        assertTrue(Math.abs(summary1.tweets() - 10_000) <= 100, "tweets " + summary1.tweets());
        assertEquals(39, summary1.campaigns());
        assertTrue(Math.abs(summary1.churn() - 7_000) <= 350, "churn " + summary1.churn());
        assertTrue(Math.abs(summary1.storeTransactions() - 10_000) <= 500, "store " + summary1.storeTransactions());
        assertTrue(Math.abs(summary1.sales() - 2_000) <= 100, "sales " + summary1.sales());

        assertEquals(List.of(
                scale1.resolve("tweets/part-00000.json"),
                scale1.resolve("campaigns/campaign-data2.csv"),
                scale1.resolve("churn/CustomerChurnData.csv"),
                scale1.resolve("store-transactions/dbo.SalesTransData.txt"),
                scale1.resolve("sales/SalesDataAfterCampaign.csv")), summary1.files());
        assertSummaryMatchesFiles(scale1, summary1);
        assertEquals(List.of("tweets: " + summary1.tweets() + "/" + summary1.tweets(), "campaigns: 39/39",
                "churn: " + summary1.churn() + "/" + summary1.churn(),
                "store-transactions: " + summary1.storeTransactions() + "/" + summary1.storeTransactions(),
                "sales: " + summary1.sales() + "/" + summary1.sales()), progress1);
    }

    @Test
    void fractionalScalesKeepAtLeastOneRecordEach(@TempDir Path tmp) throws IOException {
        Summary small = SampleDataGenerator.generate(tmp.resolve("small"), 0.01, SEED, null);
        assertEquals(100, small.tweets());
        assertEquals(8, small.campaigns());
        assertEquals(70, small.churn());
        assertEquals(100, small.storeTransactions());
        assertEquals(20, small.sales());
        assertSummaryMatchesFiles(tmp.resolve("small"), small);

        Summary tiny = SampleDataGenerator.generate(tmp.resolve("tiny"), 1e-9, SEED, null);
        assertEquals(List.of(1L, 8L, 1L, 1L, 1L), List.of(tiny.tweets(), tiny.campaigns(), tiny.churn(),
                tiny.storeTransactions(), tiny.sales()));
        assertSummaryMatchesFiles(tmp.resolve("tiny"), tiny);
    }

    @Test
    void scale10(@TempDir Path tmp) throws IOException {
        List<String> progress = new ArrayList<>();
        Summary s = SampleDataGenerator.generate(tmp, 10, SEED, progress::add);
        assertEquals(100_000, s.tweets());
        assertEquals(390, s.campaigns());
        assertEquals(70_000, s.churn());
        assertEquals(100_000, s.storeTransactions());
        assertEquals(20_000, s.sales());
        assertEquals(10 + 4, s.files().size());
        assertEquals(tmp.resolve("tweets/part-00009.json"), s.files().get(9));
        for (int i = 0; i < 10; i++) {
            assertEquals(10_000, lines(s.files().get(i)).size());
        }
        assertTrue(progress.contains("tweets: 100000/100000"), progress.toString());
        assertSummaryMatchesFiles(tmp, s);
    }

    @Test
    void fileNamesAndSplitting() {
        assertEquals("part-00000.json", SampleDataset.TWEETS.fileName(0));
        assertEquals("part-00123.json", SampleDataset.TWEETS.fileName(123));
        assertEquals("campaign-data2.csv", SampleDataset.CAMPAIGNS.fileName(0));
        assertEquals("campaign-data2-00001.csv", SampleDataset.CAMPAIGNS.fileName(1));
        assertEquals("dbo.SalesTransData.txt", SampleDataset.STORE_TRANSACTIONS.fileName(0));
        assertEquals("dbo.SalesTransData-00004.txt", SampleDataset.STORE_TRANSACTIONS.fileName(4));
        assertEquals(100, SampleDataset.TWEETS.fileCount(SampleDataset.TWEETS.rows(100)));
        assertEquals(4, SampleDataset.CAMPAIGNS.fileCount(SampleDataset.CAMPAIGNS.rows(10_000)));
        assertEquals(5, SampleDataset.STORE_TRANSACTIONS.fileCount(SampleDataset.STORE_TRANSACTIONS.rows(100)));
        assertEquals(1, SampleDataset.CHURN.fileCount(SampleDataset.CHURN.rows(1)));
        assertEquals(8, SampleDataset.CAMPAIGNS.rows(0.001));
        assertEquals(39, SampleDataset.CAMPAIGNS.rows(1));
    }

    // ---------------------------------------------------------------- formats

    @Test
    void everyTweetLineIsAJsonObjectWithTheTwelveKeys() throws IOException {
        Set<String> keys = new HashSet<>(Tweet.KEYS);
        int noCity = 0;
        int n = 0;
        for (String line : lines(scale1.resolve("tweets/part-00000.json"))) {
            n++;
            JsonNode t = JSON.readTree(line);
            assertTrue(t.isObject(), line);
            Set<String> names = new HashSet<>();
            t.fieldNames().forEachRemaining(names::add);
            Set<String> required = new HashSet<>(keys);
            required.remove("city");
            assertTrue(names.containsAll(required), line);
            assertTrue(keys.containsAll(names), line);
            JsonNode city = t.get("city");
            if (city == null || city.isNull()) {
                noCity++;
            } else {
                assertTrue(city.isTextual() && !city.asText().isBlank(), line);
            }
            assertTrue(t.get("time").isTextual(), line);
            parseTime(t.get("time").asText());
            assertTrue(t.get("retweetcount").isInt() && t.get("retweetcount").asInt() >= 0, line);
            assertTrue(t.get("favouritecount").isInt() && t.get("favouritecount").asInt() >= 0, line);
            assertTrue(t.get("sentimentscore").isNumber(), line);
            assertTrue(Set.of("Positive", "Negative", "Neutral", "").contains(t.get("sentiment").asText()), line);
            int isRetweet = t.get("isretweet").asInt();
            assertTrue(t.get("isretweet").isInt() && (isRetweet == 0 || isRetweet == 1), line);
            String text = t.get("tweet").asText();
            assertEquals(isRetweet == 1, text.startsWith("RT @"), line);
            String hashtag = t.get("hashtag").asText();
            assertTrue(hashtag.startsWith("#") && hashtag.equals(hashtag.toLowerCase(Locale.ROOT)), line);
            assertTrue(text.toLowerCase(Locale.ROOT).contains(hashtag), line);
            int hour = Integer.parseInt(t.get("hourofday").asText());
            assertTrue(hour >= 0 && hour < 24, line);
            assertTrue(t.get("hourofday").isTextual() && t.get("language").isTextual(), line);
        }
        double share = noCity / (double) n;
        assertTrue(share > 0.015 && share < 0.045, "tweets without city: " + share);
    }

    @Test
    void campaignRowsHave22FieldsWithTheLabsValueKinds() throws IOException {
        List<List<String>> rows = parseCsv(Files.readString(scale1.resolve("campaigns/campaign-data2.csv")));
        assertEquals(CampaignSource.HEADER, rows.get(0));
        assertEquals(22, CampaignSource.HEADER.size());
        List<List<String>> data = rows.subList(1, rows.size());
        assertEquals(39, data.size());
        boolean loss = false;
        boolean nullText = false;
        boolean na = false;
        boolean commaField = false;
        Set<String> countries = new TreeSet<>();
        for (List<String> row : data) {
            assertEquals(22, row.size(), row.toString());
            Integer.parseInt(row.get(3));
            Integer.parseInt(row.get(19));
            Integer.parseInt(row.get(21));
            for (int i : new int[] {8, 9, 10, 11, 13, 17, 18}) {
                Float.parseFloat(row.get(i));
            }
            assertEquals(2021, LocalDate.parse(row.get(20)).getYear());
            assertTrue(CampaignSource.CAMPAIGN_NAMES.contains(row.get(4)), row.toString());
            countries.add(row.get(1));
            loss |= Double.parseDouble(row.get(17)) < 0;
            nullText |= row.contains("null");
            na |= row.get(5).equals("NA") && row.get(6).equals("NA");
            commaField |= row.stream().anyMatch(f -> f.contains(","));
        }
        assertEquals(Set.of("Brazil", "Germany", "Japan", "USA"), countries);
        assertTrue(loss && nullText && na && commaField, "loss " + loss + " null " + nullText + " NA " + na
                + " comma " + commaField);
    }

    @Test
    void churnRowsHaveTheTelcoShape() throws IOException {
        List<List<String>> rows = parseCsv(Files.readString(scale1.resolve("churn/CustomerChurnData.csv")));
        assertEquals(ChurnSource.HEADER, rows.get(0));
        Set<String> ids = new HashSet<>();
        int blanks = 0;
        int churned = 0;
        Pattern id = Pattern.compile("\\d{4}-[A-Z]{5}");
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(18, row.size(), row.toString());
            assertTrue(id.matcher(row.get(0)).matches(), row.get(0));
            assertTrue(ids.add(row.get(0)), "duplicate id " + row.get(0));
            Integer.parseInt(row.get(5));
            Double.parseDouble(row.get(15));
            if (row.get(16).isEmpty()) {
                blanks++;
            } else {
                Double.parseDouble(row.get(16));
            }
            churned += row.get(17).equals("Yes") ? 1 : 0;
        }
        assertTrue(blanks >= 1 && blanks < 50, "blank TotalAmount: " + blanks);
        double churnRate = churned / (double) (rows.size() - 1);
        assertTrue(churnRate > 0.15 && churnRate < 0.40, "churn rate " + churnRate);
    }

    @Test
    void customerIdsAreUniqueAndMulModIsExact() {
        ChurnSource source = new ChurnSource(7);
        Set<String> ids = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            assertTrue(ids.add(source.customerId(i)));
        }
        long m = 118_813_760_000L;
        for (long a : new long[] {0, 1, 123_456_789L, m - 1, 99_999_999_999L}) {
            long expected = BigInteger.valueOf(a).multiply(BigInteger.valueOf(48_271_111_777L))
                    .mod(BigInteger.valueOf(m)).longValueExact();
            assertEquals(expected, ChurnSource.mulMod(a, 48_271_111_777L, m));
        }
    }

    @Test
    void storeTransactionsAreAllQuotedCrlfLines() throws IOException {
        String text = Files.readString(scale1.resolve("store-transactions/dbo.SalesTransData.txt"));
        assertTrue(text.endsWith("\r\n"));
        assertFalse(text.replace("\r\n", "").contains("\n") || text.replace("\r\n", "").contains("\r"));
        String[] lines = text.split("\r\n");
        assertEquals(summary1.storeTransactions(), lines.length);
        Pattern quoted = Pattern.compile("\"([^\"]*)\"(?:,\"([^\"]*)\"){7}");
        Set<String> brands = new HashSet<>();
        Set<LocalDate> weeks = new HashSet<>();
        for (String line : lines) {
            assertTrue(quoted.matcher(line).matches(), line);
            List<String> f = parseCsv(line).get(0);
            assertEquals(8, f.size());
            LocalDate week = LocalDate.parse(f.get(1));
            assertEquals(DayOfWeek.THURSDAY, week.getDayOfWeek());
            assertFalse(week.isBefore(LocalDate.of(1990, 6, 14)));
            weeks.add(week);
            int store = Integer.parseInt(f.get(2));
            assertTrue(store >= 1000 && store <= 1999, line);
            brands.add(f.get(3));
            long quantity = Long.parseLong(f.get(4));
            assertTrue(quantity > 0, line);
            assertTrue(f.get(5).equals("0") || f.get(5).equals("1"), line);
            BigDecimal revenue = new BigDecimal(f.get(6)).multiply(BigDecimal.valueOf(quantity));
            assertEquals(0, revenue.compareTo(new BigDecimal(f.get(7))), line);
        }
        assertEquals(Set.of("dominicks", "minute.maid", "tropicana"), brands);
        assertEquals(120, weeks.size());
        assertEquals("1", parseCsv(lines[0]).get(0).get(0));
    }

    @Test
    void salesRows() throws IOException {
        List<List<String>> rows = parseCsv(Files.readString(scale1.resolve("sales/SalesDataAfterCampaign.csv")));
        assertEquals(List.of("Quantity", "Advert", "Price", "Brand"), rows.get(0));
        for (List<String> row : rows.subList(1, rows.size())) {
            assertEquals(4, row.size());
            assertTrue(Integer.parseInt(row.get(0)) > 0);
            assertTrue(row.get(1).equals("0") || row.get(1).equals("1"));
            assertTrue(Float.parseFloat(row.get(2)) > 0);
            assertTrue(StoreTransactionSource.BRANDS.contains(row.get(3)));
        }
    }

    // ---------------------------------------------------------------- realism

    @Test
    void tweetsLookReal() throws IOException {
        Map<String, Set<String>> variants = new HashMap<>();
        Pattern tag = Pattern.compile("#(\\w+)", Pattern.UNICODE_CHARACTER_CLASS);
        int nonAscii = 0;
        int urls = 0;
        int retweets = 0;
        int mentions = 0;
        int curly = 0;
        int contractions = 0;
        int camel = 0;
        int noCampaignTag = 0;
        Set<String> cities = new HashSet<>();
        Set<String> languages = new HashSet<>();
        Set<String> hashtags = new HashSet<>();
        int zoned = 0;
        int offset = 0;
        int fractional = 0;
        int local = 0;
        int lateYear = 0;
        List<String> lines = lines(scale1.resolve("tweets/part-00000.json"));
        for (String line : lines) {
            JsonNode t = JSON.readTree(line);
            String text = t.get("tweet").asText();
            Matcher m = tag.matcher(text);
            boolean campaign = false;
            while (m.find()) {
                String lower = m.group(1).toLowerCase(Locale.ROOT);
                if (TweetSource.CAMPAIGN_HASHTAGS.contains("#" + lower)) {
                    variants.computeIfAbsent(lower, k -> new TreeSet<>()).add(m.group(1));
                    campaign = true;
                }
            }
            noCampaignTag += campaign ? 0 : 1;
            nonAscii += text.chars().anyMatch(c -> c > 127) ? 1 : 0;
            urls += text.contains("https://") ? 1 : 0;
            retweets += text.startsWith("RT ") ? 1 : 0;
            mentions += text.contains("@") ? 1 : 0;
            curly += text.contains("\u2019") ? 1 : 0;
            contractions += text.matches(".*\\b(don't|it's|I'm|we'll|they've|you're|I'd|won't|can't)\\b.*") ? 1 : 0;
            camel += text.matches(".*\\b[A-Z][a-z]+[A-Z][a-z]+\\w*.*") ? 1 : 0;
            if (t.hasNonNull("city")) {
                cities.add(t.get("city").asText());
            }
            languages.add(t.get("language").asText());
            hashtags.add(t.get("hashtag").asText());
            String time = t.get("time").asText();
            if (time.endsWith("Z")) {
                zoned++;
            } else if (time.matches(".*[+-]\\d\\d:\\d\\d")) {
                offset++;
            } else {
                local++;
            }
            fractional += time.contains(".") ? 1 : 0;
            lateYear += parseTime(time).getMonthValue() >= 6 ? 1 : 0;
        }
        for (String campaignTag : TweetSource.CAMPAIGN_HASHTAGS) {
            Set<String> seen = variants.get(campaignTag.substring(1));
            assertNotNull(seen, campaignTag);
            assertTrue(seen.size() >= 2, campaignTag + " only as " + seen);
        }
        int n = lines.size();
        assertTrue(nonAscii >= n / 100, "non-ASCII " + nonAscii);
        assertTrue(urls > 0 && retweets > 0 && mentions > 0, urls + " " + retweets + " " + mentions);
        assertTrue(curly > 0 && contractions > n / 10 && camel > 0, curly + " " + contractions + " " + camel);
        assertTrue(noCampaignTag > 0 && noCampaignTag < n / 4, "without campaign tag " + noCampaignTag);
        assertTrue(cities.size() >= 35, cities.toString());
        assertTrue(languages.containsAll(Set.of("en", "es", "de", "ja")), languages.toString());
        assertTrue(hashtags.containsAll(TweetSource.CAMPAIGN_HASHTAGS), hashtags.toString());
        assertTrue(hashtags.contains("#summer") || hashtags.contains("#tech"), hashtags.toString());
        assertTrue(zoned > n / 2 && offset > 0 && fractional > 0 && local > 0,
                zoned + " " + offset + " " + fractional + " " + local);
        assertTrue(lateYear > n * 0.8, "June-December " + lateYear);
    }

    // ---------------------------------------------------------------- arguments and existing files

    @Test
    void badScalesAreRejected(@TempDir Path tmp) {
        for (double scale : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 10_000.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SampleDataGenerator.generate(tmp, scale, SEED, null), "scale " + scale);
            assertTrue(e.getMessage().startsWith("scale must be"), e.getMessage());
        }
        try (var listing = Files.list(tmp)) {
            assertEquals(0, listing.count(), "nothing written for a bad scale");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unwritableOutputDirectoryIsRejectedClearly(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IllegalArgumentException under = assertThrows(IllegalArgumentException.class,
                () -> SampleDataGenerator.generate(file.resolve("out"), 1, SEED, null));
        assertEquals("cannot write to " + file.resolve("out") + ": " + file + " is a file, not a directory",
                under.getMessage());
        IllegalArgumentException itself = assertThrows(IllegalArgumentException.class,
                () -> SampleDataGenerator.generate(file, 1, SEED, null));
        assertTrue(itself.getMessage().startsWith("cannot write to " + file + ": "), itself.getMessage());
        assertFalse(itself.getMessage().contains("\n"));

        Path blocked = tmp.resolve("blocked");
        Files.createDirectories(blocked);
        Files.writeString(blocked.resolve("churn"), "a file where a folder should be");
        IllegalArgumentException folder = assertThrows(IllegalArgumentException.class,
                () -> SampleDataGenerator.generate(blocked, 1, SEED, null));
        assertTrue(folder.getMessage().startsWith("cannot write to " + blocked + ": "), folder.getMessage());
    }

    @Test
    void overwritesItsOwnFilesAndLeavesOthersAlone(@TempDir Path tmp) throws IOException {
        Path tweets = Files.createDirectories(tmp.resolve("tweets"));
        Path foreign = Files.writeString(tweets.resolve("keep-me.json"), "{\"mine\":true}\n");
        Path stale = Files.writeString(tweets.resolve("part-00000.json"), "stale content that is longer than one line "
                .repeat(10_000));
        Path staleExtra = Files.writeString(tweets.resolve("part-00007.json"), "from an earlier, larger run\n");
        Summary s = SampleDataGenerator.generate(tmp, 0.01, SEED, null);
        assertEquals("{\"mine\":true}\n", Files.readString(foreign));
        assertEquals("from an earlier, larger run\n", Files.readString(staleExtra));
        assertFalse(Files.readString(stale).contains("stale"));
        assertEquals(s.tweets(), lines(stale).size());
    }

    // ---------------------------------------------------------------- helpers

    private static void assertSummaryMatchesFiles(Path root, Summary s) throws IOException {
        long[] lines = new long[SampleDataset.values().length];
        long bytes = 0;
        for (Path file : s.files()) {
            assertTrue(file.startsWith(root), file.toString());
            SampleDataset dataset = datasetOf(root, file);
            long n = lines(file).size();
            lines[dataset.ordinal()] += dataset.header() == null ? n : n - 1;
            assertTrue((dataset.header() == null ? n : n - 1) <= dataset.maxRowsPerFile());
            bytes += Files.size(file);
        }
        for (SampleDataset dataset : SampleDataset.values()) {
            assertEquals(s.count(dataset), lines[dataset.ordinal()], dataset.toString());
        }
        assertEquals(bytes, s.bytes());
    }

    private static SampleDataset datasetOf(Path root, Path file) {
        String folder = root.relativize(file).getName(0).toString();
        for (SampleDataset d : SampleDataset.values()) {
            if (d.folder().equals(folder)) {
                return d;
            }
        }
        throw new AssertionError("unknown folder " + folder);
    }

    /** Lines split on LF or CRLF (no record here spans lines; CSV records with line breaks would). */
    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static LocalDateTime parseTime(String time) {
        if (time.endsWith("Z") || time.matches(".*[+-]\\d\\d:\\d\\d")) {
            return OffsetDateTime.parse(time).atZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        return LocalDateTime.parse(time);
    }

    /** RFC 4180: records of fields; quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                if (field.length() != 0) {
                    throw new IllegalArgumentException("quote inside an unquoted field at " + i);
                }
                quoted = true;
                any = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unterminated quote");
        }
        if (any || field.length() > 0) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
