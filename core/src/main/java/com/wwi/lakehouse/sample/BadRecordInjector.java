package com.wwi.lakehouse.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a deterministic selection of one dataset's records with corrupted lines (see {@link BadRecordKind}).
 * Exactly {@link #target(long, double)} of the dataset's records are chosen, uniformly (selection sampling, so the
 * choice streams along with the records); the kinds are dealt from a shuffled deck of the dataset's kinds, so that
 * they are spread evenly and every kind appears once the dataset has as many bad records as kinds. The record that
 * a bad line replaces is still drawn from its source, so the good records are the same as without injection, at the
 * same line numbers. Package-private; not thread-safe.
 */
final class BadRecordInjector {

    /** A UTF-8 lead byte followed by a byte that is no continuation byte: never valid UTF-8. */
    static final byte[] INVALID_UTF8_BYTES = {(byte) 0xC3, (byte) 0x28};

    /** Loaded on first use only: runs without bad tweets do not pay for Jackson's data binding. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Pattern CITY = Pattern.compile("\"city\":(null|\"((?:[^\"\\\\]|\\\\.)*)\"),");
    private static final Pattern RETWEETS = Pattern.compile("\"retweetcount\":-?[0-9]+");
    private static final Pattern TIME = Pattern.compile("\"time\":\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final String USERNAME_KEY = "\"username\":";
    private static final String TWEET_KEY = "\"tweet\":\"";
    private static final String[] BAD_TIMES = {"yesterday", "2021-13-45T25:61:00Z"};
    private static final String[] OTHER_CITIES = {"Seattle", "Berlin", "Tokyo", "São Paulo", "London", "Miami"};

    /** Columns of one CSV dataset that the CSV kinds use. */
    private record Columns(int[] text, int[] numeric, String[] garbage, int[] keys) {
    }

    private static final Columns CAMPAIGN_COLUMNS = new Columns(
            new int[] {0, 1, 4, 7, 16},                                  // Region, Country, Campaign_Name, Response_Status, Status
            new int[] {3, 9, 10, 20}, new String[] {"one hundred", "abc", "12.3.4", "2021-13-45"},
            new int[] {4, 20});                                          // Campaign_Name, CampDate
    private static final Columns CHURN_COLUMNS = new Columns(
            new int[] {1, 11, 12, 14},                                   // Gender, Brand, StoreContract, PaymentMethod
            new int[] {5, 15, 16}, new String[] {"twelve", "abc", "12.5.0"},
            new int[] {0});                                              // CustomerID
    private static final Columns STORE_COLUMNS = new Columns(
            new int[] {3},                                               // Brand
            new int[] {1, 2, 4, 6, 7}, new String[] {"1990-13-45", "abc", "ten", "abc", "1.2.3"},
            new int[] {1, 2});                                           // WeekStarting, Store
    private static final Columns SALES_COLUMNS = new Columns(
            new int[] {3},                                               // Brand
            new int[] {0, 1, 2}, new String[] {"ten", "yes", "abc"},
            new int[] {3});                                              // Brand

    private final SampleDataset dataset;
    private final List<BadRecordKind> kinds;
    private final SplittableRandom select;
    private final SplittableRandom corrupt;
    private final long total;
    private final long target;
    private final List<BadRecordKind> deck = new ArrayList<>();
    private final long[] counts = new long[BadRecordKind.values().length];
    private long seen;
    private long selected;

    /**
     * An injector for the {@code total} records of {@code dataset}, replacing {@link #target(long, double)
     * target(total, fraction)} of them; the choice depends only on {@code seed}.
     */
    BadRecordInjector(SampleDataset dataset, long seed, long total, double fraction) {
        this.dataset = dataset;
        this.kinds = BadRecordKind.forDataset(dataset);
        this.select = Draw.random(seed, 7_000 + dataset.ordinal());
        this.corrupt = Draw.random(seed, 7_100 + dataset.ordinal());
        this.total = total;
        this.target = target(total, fraction);
    }

    /** The number of bad records among {@code total}: 0 for fraction 0, else {@code round(total * fraction)}, at least 1. */
    static long target(long total, double fraction) {
        if (!(fraction > 0) || total <= 0) {
            return 0;
        }
        return Math.min(total, Math.max(1, Math.round(total * fraction)));
    }

    /** Whether the next record (in file order) is to be replaced; call exactly once per record. */
    boolean nextIsBad() {
        long remaining = total - seen;
        seen++;
        long needed = target - selected;
        if (needed <= 0 || remaining <= 0) {
            return false;
        }
        if (select.nextLong(remaining) < needed) {
            selected++;
            return true;
        }
        return false;
    }

    /** The bad line (UTF-8 bytes, no terminator) that replaces {@code good}, a record line of this dataset. */
    byte[] corrupt(String good) {
        BadRecordKind kind = nextKind();
        counts[kind.ordinal()]++;
        return dataset == SampleDataset.TWEETS ? corruptTweet(good, kind) : corruptCsv(good, kind);
    }

    /** Bad records made so far. */
    long injected() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Bad records made so far, per kind of this dataset (all its kinds, zeros included, in enum order). */
    Map<BadRecordKind, Long> countsByKind() {
        Map<BadRecordKind, Long> m = new EnumMap<>(BadRecordKind.class);
        for (BadRecordKind k : kinds) {
            m.put(k, counts[k.ordinal()]);
        }
        return m;
    }

    private BadRecordKind nextKind() {
        if (deck.isEmpty()) {
            deck.addAll(kinds);
            for (int i = deck.size() - 1; i > 0; i--) {
                int j = corrupt.nextInt(i + 1);
                deck.set(i, deck.set(j, deck.get(i)));
            }
        }
        return deck.remove(deck.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------- tweets

    private byte[] corruptTweet(String s, BadRecordKind kind) {
        return switch (kind) {
            case TRUNCATED_JSON -> {
                int cut = s.length() / 3 + corrupt.nextInt(Math.max(1, s.length() / 3));
                if (cut > 1 && Character.isHighSurrogate(s.charAt(cut - 1))) {
                    cut--;
                }
                yield utf8(s.substring(0, cut));
            }
            case JSON_ARRAY -> {
                JsonNode tweet = parse(s);
                ArrayNode values = Json.MAPPER.createArrayNode();
                for (String key : Tweet.KEYS) {
                    values.add(tweet.has(key) ? tweet.get(key) : values.nullNode());
                }
                yield utf8(write(values));
            }
            case JSON_STRING -> utf8(write(parse(s).get("tweet").asText()));
            case WRONG_TYPE -> utf8(RETWEETS.matcher(s).replaceFirst("\"retweetcount\":\"many\""));
            case BAD_TIMESTAMP -> utf8(TIME.matcher(s).replaceFirst(
                    Matcher.quoteReplacement("\"time\":\"" + Draw.pick(corrupt, BAD_TIMES) + "\"")));
            case MISSING_CITY -> {
                Matcher m = CITY.matcher(s);
                if (!m.find()) {
                    // key already absent: make it null so the line differs from the good one
                    yield utf8(insertBefore(s, USERNAME_KEY, "\"city\":null,"));
                }
                boolean keepNullKey = m.group(2) != null && Draw.chance(corrupt, 0.5);
                yield utf8(s.substring(0, m.start()) + (keepNullKey ? "\"city\":null," : "") + s.substring(m.end()));
            }
            case DUPLICATE_KEY -> {
                Matcher m = CITY.matcher(s);
                String first = m.find() && m.group(2) != null ? m.group(2) : null;
                String firstText = first != null ? first : jsonEscape(Draw.pick(corrupt, OTHER_CITIES));
                String second;
                do {
                    second = Draw.pick(corrupt, OTHER_CITIES);
                } while (second.equalsIgnoreCase(firstText));
                String pair = "\"city\":\"" + firstText + "\",\"City\":\"" + jsonEscape(second) + "\",";
                yield utf8(m.find(0) ? s.substring(0, m.start()) + pair + s.substring(m.end())
                        : insertBefore(s, USERNAME_KEY, pair));
            }
            case INVALID_UTF8 -> {
                int start = s.indexOf(TWEET_KEY) + TWEET_KEY.length();
                int end = start;
                while (end < s.length() && s.charAt(end) != '"') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                int space = s.indexOf(' ', start);
                int at = space >= 0 && space < end ? space + 1 : start;
                yield withInvalidBytes(s, at);
            }
            case TRAILING_TEXT -> utf8(s + " trailing");
            default -> throw new IllegalStateException(kind + " is no tweet kind");
        };
    }

    private static JsonNode parse(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String jsonEscape(String s) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(s));
    }

    private static String insertBefore(String s, String key, String text) {
        int at = s.indexOf(key);
        return s.substring(0, at) + text + s.substring(at);
    }

    // ---------------------------------------------------------------------------------------------- CSV

    private byte[] corruptCsv(String line, BadRecordKind kind) {
        List<String> t = splitRaw(line);
        int n = t.size();
        Columns cols = columns();
        switch (kind) {
            case TOO_FEW_COLUMNS -> {
                int drop = 1 + corrupt.nextInt(Math.min(3, n - 1));
                t = t.subList(0, n - drop);
            }
            case TOO_MANY_COLUMNS -> {
                int add = 1 + corrupt.nextInt(2);
                for (int i = 0; i < add; i++) {
                    t.add(t.get(corrupt.nextInt(n)));
                }
            }
            case UNTERMINATED_QUOTE -> {
                int c = cols.text()[corrupt.nextInt(cols.text().length)];
                String token = t.get(c);
                t.set(c, token.startsWith("\"") ? token.substring(0, token.length() - 1) : '"' + token);
            }
            case NON_NUMERIC -> {
                int i = corrupt.nextInt(cols.numeric().length);
                t.set(cols.numeric()[i], field(cols.garbage()[i]));
            }
            case MISSING_KEY -> t.set(cols.keys()[corrupt.nextInt(cols.keys().length)], field(""));
            case INVALID_UTF8 -> {
                int c = cols.text()[corrupt.nextInt(cols.text().length)];
                int at = c; // the commas before field c
                for (int i = 0; i < c; i++) {
                    at += t.get(i).length();
                }
                String token = t.get(c);
                boolean quoted = token.startsWith("\"");
                int length = token.length() - (quoted ? 2 : 0);
                at += (quoted ? 1 : 0) + (length < 2 ? length : 1 + corrupt.nextInt(length - 1));
                return withInvalidBytes(line, at);
            }
            default -> throw new IllegalStateException(kind + " is no CSV kind");
        }
        return utf8(String.join(",", t));
    }

    private Columns columns() {
        return switch (dataset) {
            case CAMPAIGNS -> CAMPAIGN_COLUMNS;
            case CHURN -> CHURN_COLUMNS;
            case STORE_TRANSACTIONS -> STORE_COLUMNS;
            case SALES -> SALES_COLUMNS;
            case TWEETS -> throw new IllegalStateException("tweets are no CSV");
        };
    }

    /** A field as this dataset writes it: always quoted for the store transactions, else only when needed. */
    private String field(String value) {
        return dataset == SampleDataset.STORE_TRANSACTIONS ? Csv.quote(value) : Csv.field(value);
    }

    /** The fields of one CSV line as written (quotes kept), split on the commas outside quotes. */
    static List<String> splitRaw(String line) {
        List<String> tokens = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                tokens.add(line.substring(start, i));
                start = i + 1;
            }
        }
        tokens.add(line.substring(start));
        return tokens;
    }

    // ---------------------------------------------------------------------------------------------- bytes

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code s} as UTF-8 with {@link #INVALID_UTF8_BYTES} inserted before char {@code at} (not inside a pair). */
    private static byte[] withInvalidBytes(String s, int at) {
        byte[] head = utf8(s.substring(0, at));
        byte[] tail = utf8(s.substring(at));
        byte[] out = new byte[head.length + INVALID_UTF8_BYTES.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(INVALID_UTF8_BYTES, 0, out, head.length, INVALID_UTF8_BYTES.length);
        System.arraycopy(tail, 0, out, head.length + INVALID_UTF8_BYTES.length, tail.length);
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d/%d bad", dataset.folder(), injected(), target);
    }
}
