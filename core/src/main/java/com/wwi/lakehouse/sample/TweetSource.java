package com.wwi.lakehouse.sample;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic tweets built from templates and word lists: campaign hashtags in mixed letter case,
 * other hashtags, mentions, short links, retweet prefixes, CamelCase words, contractions (sometimes with
 * a curly apostrophe), emojis and non-ASCII text. About 3% of tweets have no city (null or key missing).
 */
public final class TweetSource implements LineSource {

    /** The six campaign hashtags the lab's Silver layer filters on, lower case. */
    public static final List<String> CAMPAIGN_HASHTAGS = List.of(
            "#fashion", "#beach", "#entertainment", "#gogreen", "#sustainablefashion", "#futuretech");

    private static final String[] CAMPAIGN_CAMEL = {
        "Fashion", "Beach", "Entertainment", "GoGreen", "SustainableFashion", "FutureTech"};

    /** Products per campaign, in the order of {@link #CAMPAIGN_CAMEL}. */
    private static final String[][] PRODUCTS = {
        {"summer dress", "denim jacket", "linen shirt", "pair of leather boots", "silk scarf", "pair of sneakers", "tote bag"},
        {"beach towel", "swimsuit", "pair of sunglasses", "pair of board shorts", "pair of flip-flops", "sun hat", "beach umbrella"},
        {"concert ticket", "movie night bundle", "bluetooth speaker", "board game", "streaming box", "karaoke mic"},
        {"reusable bottle", "bamboo toothbrush", "solar charger", "e-bike", "compost bin", "recycled backpack"},
        {"organic cotton tee", "recycled denim", "hemp hoodie", "upcycled jacket", "vegan leather bag"},
        {"smartwatch", "pair of wireless earbuds", "VR headset", "smart speaker", "foldable phone", "drone", "laptop sleeve"},
    };

    private static final String[] POSITIVE = {
        "I love my new {p}", "this {p} is amazing", "best {p} I've ever bought",
        "can't believe how good the {p} is", "so happy with the {p} I got in {c}",
        "we'll definitely buy another {p}", "totally obsessed with this {p}",
        "the {p} exceeded my expectations", "you're going to love the {p}",
        "I'd recommend this {p} to anyone", "it's the perfect {p} for the weekend",
        "sipping coffee at a café in {c} wearing my new {p}", "they've nailed it with the {p}",
        "I'm in love with the {p}, great price too",
    };

    private static final String[] NEGATIVE = {
        "I don't like the {p} at all", "my {p} broke after two days", "worst {p} ever",
        "the {p} won't arrive before the weekend", "they've sent me the wrong {p} again",
        "really disappointed with the {p}", "it's way too expensive for a {p}",
        "the {p} is overpriced and the quality is poor", "I'm returning this {p}",
        "you're kidding me, the {p} is sold out in {c} again", "I'd never buy that {p} again",
        "customer service in {c} didn't help with my {p}",
    };

    private static final String[] NEUTRAL = {
        "just ordered a {p}", "anyone tried the new {p}?", "the {p} comes in three colours",
        "checking out the {p} at the store in {c}", "is the {p} available in {c}?",
        "it's launch day for the {p}", "they've restocked the {p}", "I'm thinking about a {p}",
        "we'll see if the {p} is worth it", "the {p} is on display in {c} this week",
        "I'd like to know the size options for the {p}",
    };

    private static final String[] OTHER_TAGS = {
        "fashionweek", "summer", "tech", "sale", "ootd", "travel", "eco", "music", "style", "newin",
        "weekend", "innovation", "sustainability", "beachlife", "streetstyle", "Shopping", "BlackFriday",
        "WWI", "TechNews", "Summer2021",
    };

    private static final String[] CAMEL_WORDS = {
        "GoGreenInitiative", "NewCollection", "SummerVibes", "TechTuesday", "EcoFriendly", "FlashSale",
        "BeachDay", "ZeroWaste", "NightOut", "SmartHome", "StyleInspo", "FutureIsNow",
    };

    private static final String[] EMOJIS = {
        "😀", "🌊", "👗", "🔥", "♻️", "👟", "☀️", "💚", "🎉", "📱", "😍", "😡", "🤔", "🎧",
    };

    private static final String[] POSITIVE_EMOJIS = {"😀", "😍", "🔥", "💚", "🎉"};
    private static final String[] NEGATIVE_EMOJIS = {"😡", "😞", "👎"};

    private static final String[] NAMES = {
        "maria", "john", "lukas", "yuki", "ana", "carlos", "emma", "hiro", "sofia", "mike", "lena",
        "joao", "sakura", "olivia", "max", "beatriz", "noah", "mia", "kenji", "lucas", "chloe", "felix",
        "isabela", "ryan", "hannah", "takumi", "gabriel", "zoe", "jonas", "aiko",
    };

    private static final String[] NAME_SUFFIXES = {
        "", "_", "styles", "_tech", "shops", "_eco", "fan", "_official", "daily", "_xo",
    };

    private static final String[] BRAND_HANDLES = {
        "WWImporters", "WWI_Fashion", "WWI_Tech", "GreenPlanet", "BeachLovers", "TechCrunchy",
    };

    /** city field, text form (sometimes native script), and whether it is in a campaign country. */
    private static final String[][] CITIES = {
        {"New York", "New York"}, {"Los Angeles", "LA"}, {"Chicago", "Chicago"}, {"Houston", "Houston"},
        {"Seattle", "Seattle"}, {"Miami", "Miami"}, {"San Francisco", "SF"}, {"Boston", "Boston"},
        {"Austin", "Austin"}, {"Denver", "Denver"},
        {"Berlin", "Berlin"}, {"München", "München"}, {"Hamburg", "Hamburg"}, {"Köln", "Köln"},
        {"Frankfurt", "Frankfurt"}, {"Düsseldorf", "Düsseldorf"}, {"Stuttgart", "Stuttgart"},
        {"Tokyo", "東京"}, {"Osaka", "大阪"}, {"Kyoto", "京都"}, {"Yokohama", "Yokohama"},
        {"Nagoya", "Nagoya"}, {"Sapporo", "Sapporo"},
        {"São Paulo", "São Paulo"}, {"Rio de Janeiro", "Rio"}, {"Brasília", "Brasília"},
        {"Salvador", "Salvador"}, {"Belo Horizonte", "BH"}, {"Curitiba", "Curitiba"},
        // others
        {"London", "London"}, {"Paris", "Paris"}, {"Zürich", "Zürich"}, {"Madrid", "Madrid"},
        {"Toronto", "Toronto"}, {"Sydney", "Sydney"}, {"Mumbai", "Mumbai"}, {"Mexico City", "CDMX"},
        {"Amsterdam", "Amsterdam"}, {"Seoul", "서울"}, {"Singapore", "Singapore"},
    };
    private static final int CAMPAIGN_COUNTRY_CITIES = 29;

    private static final String[] LANGUAGES = {"en", "es", "de", "ja", "pt"};
    private static final double[] LANGUAGE_CUMULATIVE = {0.82, 0.88, 0.93, 0.97, 1.0};
    private static final String[][] LANGUAGE_PHRASES = {
        {},
        {"¡Me encanta!", "¡Qué bonito!", "Increíble", "¡Ojalá llegue pronto!"},
        {"Sehr schön!", "Grüße aus München", "Einfach großartig", "Na ja…"},
        {"最高です", "東京で買いました", "かわいい", "ありがとう"},
        {"Adorei!", "Muito bom", "Que lindo", "Olá do Brasil"},
    };

    private static final String[] OFFSETS = {"-05:00", "-04:00", "-03:00", "-07:00", "+01:00", "+02:00", "+09:00", "+05:30"};
    private static final int[] OFFSET_SECONDS = {-18000, -14400, -10800, -25200, 3600, 7200, 32400, 19800};

    private static final long Y2021 = 1_609_459_200L;      // 2021-01-01T00:00:00Z
    private static final long JUNE_2021 = 1_622_505_600L;  // 2021-06-01T00:00:00Z
    private static final long Y2022 = 1_640_995_200L;      // 2022-01-01T00:00:00Z

    private static final String URL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SplittableRandom r;

    /** A source whose tweets depend only on {@code seed}. */
    public TweetSource(long seed) {
        this.r = Draw.random(seed, 1);
    }

    @Override
    public String nextLine() {
        return next().toJson();
    }

    /** The next tweet. */
    public Tweet next() {
        // when
        long epoch = Draw.chance(r, 0.9) ? Draw.between(r, JUNE_2021, Y2022 - 1) : Draw.between(r, Y2021, JUNE_2021 - 1);
        String time = time(epoch);
        int hour = (int) ((epoch % 86_400) / 3600);

        // what
        int campaign = Draw.chance(r, 0.88) ? r.nextInt(CAMPAIGN_CAMEL.length) : -1;
        String[] group = campaign >= 0 && Draw.chance(r, 0.85) ? PRODUCTS[campaign] : PRODUCTS[r.nextInt(PRODUCTS.length)];
        String product = Draw.pick(r, group);
        double mood = r.nextDouble();
        int sentimentClass = mood < 0.45 ? 0 : mood < 0.70 ? 1 : 2; // positive, negative, neutral

        // where, who
        String[] city = r.nextDouble() < 0.8
                ? CITIES[r.nextInt(CAMPAIGN_COUNTRY_CITIES)]
                : CITIES[CAMPAIGN_COUNTRY_CITIES + r.nextInt(CITIES.length - CAMPAIGN_COUNTRY_CITIES)];
        double cityDraw = r.nextDouble();
        boolean cityKeyPresent = cityDraw >= 0.015;
        String cityField = cityDraw < 0.03 ? null : city[0];
        String cityText = Draw.chance(r, 0.5) ? city[1] : city[0];
        String username = username();
        boolean retweet = Draw.chance(r, 0.2);
        String language = language();

        String text = text(campaign, product, sentimentClass, cityText, retweet, language);

        int retweets = counts(retweet ? 9.0 : 6.0);
        int favourites = counts(retweet ? 8.0 : 7.5);

        String sentiment;
        double labelDraw = r.nextDouble();
        int labelClass = labelDraw < 0.9 ? sentimentClass : labelDraw < 0.95 ? r.nextInt(3) : -1;
        sentiment = labelClass == 0 ? "Positive" : labelClass == 1 ? "Negative" : labelClass == 2 ? "Neutral" : "";
        double score = score(labelClass < 0 ? sentimentClass : labelClass);

        return new Tweet(time, firstHashtag(text), text, cityField, cityKeyPresent, username, retweets, favourites,
                sentiment, score, retweet ? 1 : 0, Integer.toString(hour), language);
    }

    private String text(int campaign, String product, int sentimentClass, String city, boolean retweet, String language) {
        StringBuilder sb = new StringBuilder(160);
        if (retweet) {
            sb.append("RT @").append(Draw.chance(r, 0.5) ? Draw.pick(r, BRAND_HANDLES) : username()).append(": ");
        }
        String[] templates = sentimentClass == 0 ? POSITIVE : sentimentClass == 1 ? NEGATIVE : NEUTRAL;
        String template = Draw.pick(r, templates);
        if (isVowel(product.charAt(0))) {
            template = template.replace(" a {p}", " an {p}");
        }
        String sentence = template.replace("{p}", product).replace("{c}", city);
        if (Draw.chance(r, 0.6)) {
            sentence = Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
        }
        if (Draw.chance(r, 0.5) && !sentence.endsWith("?")) {
            sentence += sentimentClass == 0 ? "!" : ".";
        }

        // hashtags: the campaign tag (if any) plus 0-2 others; at least one hashtag in total
        String campaignTag = campaign >= 0 ? "#" + caseVariant(CAMPAIGN_CAMEL[campaign]) : null;
        int others = campaignTag == null ? 1 + r.nextInt(2) : r.nextInt(3);
        StringBuilder otherTags = new StringBuilder();
        String previous = null;
        for (int i = 0; i < others; i++) {
            String other = Draw.chance(r, 0.15) ? Draw.pick(r, CAMEL_WORDS) : Draw.pick(r, OTHER_TAGS);
            if (other.equals(previous)) {
                continue;
            }
            if (previous != null) {
                otherTags.append(' ');
            }
            otherTags.append('#').append(other);
            previous = other;
        }
        String tags;
        if (campaignTag == null) {
            tags = otherTags.toString();
        } else if (others == 0) {
            tags = campaignTag;
        } else if (Draw.chance(r, 0.8)) {
            tags = campaignTag + " " + otherTags;
        } else {
            tags = otherTags + " " + campaignTag;
        }

        String camel = Draw.chance(r, 0.25) ? Draw.pick(r, CAMEL_WORDS) : null;
        switch (r.nextInt(4)) {
            case 0 -> sb.append(tags).append(' ').append(sentence);
            case 1 -> {
                sb.append(sentence);
                if (camel != null) {
                    sb.append(' ').append(camel);
                }
                sb.append(' ').append(tags);
            }
            case 2 -> {
                if (camel != null) {
                    sb.append(camel).append("! ");
                }
                sb.append(sentence).append(' ').append(tags);
            }
            default -> sb.append(sentence).append(' ').append(tags);
        }
        if (Draw.chance(r, 0.35)) {
            String emoji = sentimentClass == 0 && Draw.chance(r, 0.5) ? Draw.pick(r, POSITIVE_EMOJIS)
                    : sentimentClass == 1 && Draw.chance(r, 0.5) ? Draw.pick(r, NEGATIVE_EMOJIS)
                    : Draw.pick(r, EMOJIS);
            sb.append(' ').append(emoji);
            if (Draw.chance(r, 0.3)) {
                sb.append(emoji);
            }
        }
        int lang = indexOf(LANGUAGES, language);
        if (lang > 0) {
            sb.append(' ').append(Draw.pick(r, LANGUAGE_PHRASES[lang]));
        }
        if (Draw.chance(r, 0.2)) {
            sb.append(Draw.chance(r, 0.5) ? " thanks @" : " @").append(Draw.chance(r, 0.6) ? Draw.pick(r, BRAND_HANDLES) : username());
        }
        if (Draw.chance(r, 0.25)) {
            sb.append(Draw.chance(r, 0.95) ? " https://t.co/" : " http://bit.ly/");
            for (int i = 0; i < 10; i++) {
                sb.append(URL_CHARS.charAt(r.nextInt(URL_CHARS.length())));
            }
        }
        String text = sb.toString();
        if (Draw.chance(r, 0.1)) {
            text = text.replace('\'', '\u2019'); // curly apostrophe, as phones type it
        }
        return text;
    }

    /** lower (50%), CamelCase (25%), UPPER (15%), Capitalised (10%). */
    private String caseVariant(String camel) {
        double d = r.nextDouble();
        if (d < 0.5) {
            return camel.toLowerCase(Locale.ROOT);
        } else if (d < 0.75) {
            return camel;
        } else if (d < 0.9) {
            return camel.toUpperCase(Locale.ROOT);
        }
        return camel.charAt(0) + camel.substring(1).toLowerCase(Locale.ROOT);
    }

    private String username() {
        StringBuilder sb = new StringBuilder(20);
        String name = Draw.pick(r, NAMES);
        sb.append(Draw.chance(r, 0.2) ? Character.toUpperCase(name.charAt(0)) + name.substring(1) : name);
        sb.append(Draw.pick(r, NAME_SUFFIXES));
        if (Draw.chance(r, 0.7)) {
            sb.append(r.nextInt(1, 1000));
        }
        return sb.toString();
    }

    private String language() {
        double d = r.nextDouble();
        for (int i = 0; i < LANGUAGES.length; i++) {
            if (d < LANGUAGE_CUMULATIVE[i]) {
                return LANGUAGES[i];
            }
        }
        return LANGUAGES[0];
    }

    /** Log-uniform counts up to about e^max. */
    private int counts(double max) {
        return (int) StrictMath.floor(StrictMath.exp(r.nextDouble() * max)) - 1;
    }

    private double score(int sentimentClass) {
        boolean half = Draw.chance(r, 0.2);
        return switch (sentimentClass) {
            case 0 -> Draw.between(r, 1, half ? 4 : 5) + (half ? 0.5 : 0.0);
            case 1 -> -Draw.between(r, 1, half ? 4 : 5) - (half ? 0.5 : 0.0);
            default -> half ? (Draw.chance(r, 0.5) ? 0.5 : -0.5) : 0.0;
        };
    }

    /** 78% {@code ...Z}, 8% with an offset, 8% fractional seconds, 6% without a zone. */
    private String time(long epoch) {
        double d = r.nextDouble();
        StringBuilder sb = new StringBuilder(32);
        if (d < 0.78) {
            appendLocal(sb, epoch);
            sb.append('Z');
        } else if (d < 0.86) {
            int o = r.nextInt(OFFSETS.length);
            appendLocal(sb, epoch + OFFSET_SECONDS[o]);
            sb.append(OFFSETS[o]);
        } else if (d < 0.94) {
            int o = Draw.chance(r, 0.25) ? r.nextInt(OFFSETS.length) : -1;
            appendLocal(sb, epoch + (o >= 0 ? OFFSET_SECONDS[o] : 0));
            int digits = 1 + r.nextInt(6);
            sb.append('.');
            for (int i = 0; i < digits; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            sb.append(o >= 0 ? OFFSETS[o] : "Z");
        } else {
            appendLocal(sb, epoch);
        }
        return sb.toString();
    }

    /** yyyy-MM-ddTHH:mm:ss of an epoch second read as UTC (proleptic Gregorian, years 1970-9999). */
    private static void appendLocal(StringBuilder sb, long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secs = Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        Draw.pad(sb, date.getYear(), 4);
        sb.append('-');
        Draw.pad(sb, date.getMonthValue(), 2);
        sb.append('-');
        Draw.pad(sb, date.getDayOfMonth(), 2);
        sb.append('T');
        Draw.pad(sb, secs / 3600, 2);
        sb.append(':');
        Draw.pad(sb, (secs / 60) % 60, 2);
        sb.append(':');
        Draw.pad(sb, secs % 60, 2);
    }

    /** The first {@code #tag} of the text, lower case; empty when there is none. */
    static String firstHashtag(String text) {
        int at = text.indexOf('#');
        while (at >= 0) {
            int end = at + 1;
            while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                end++;
            }
            if (end > at + 1) {
                return text.substring(at, end).toLowerCase(Locale.ROOT);
            }
            at = text.indexOf('#', end);
        }
        return "";
    }

    private static boolean isVowel(char c) {
        return "aeiouAEIOU".indexOf(c) >= 0;
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        return -1;
    }
}
