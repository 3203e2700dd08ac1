package com.wwi.lakehouse.sentiment.lexicon;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * VADER (Hutto and Gilbert, 2014) as the {@code vader-sentiment@1.1.3} npm package computes it: lexicon valence,
 * ALL-CAPS emphasis, boosters and dampeners in a three-word window, negation ({@code never}, {@code n't}, ...),
 * idioms, {@code least}, the contrastive {@code but}, exclamation and question marks, normalised to a compound
 * score in [-1, 1]. Thread-safe.
 */
public final class Vader {
    static final double B_INCR = 0.293;
    static final double B_DECR = -0.293;
    static final double C_INCR = 0.733;
    static final double N_SCALAR = -0.74;
    private static final Pattern PUNCTUATION = Pattern.compile("[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]");
    private static final Pattern UPPER = Pattern.compile("^[^a-z]*[A-Z]+[^a-z]*$");
    private static final List<String> PUNC_LIST = List.of(".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!",
            "??", "???", "?!?", "!?!", "?!?!", "!?!?");
    private static final Set<String> NEGATE = Set.of("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt",
            "doesnt", "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
            "havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
            "mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
            "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh",
            "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite");
    private static final Map<String, Double> BOOSTER = new HashMap<>();
    private static final Map<String, Double> IDIOMS = Map.of("the shit", 3.0, "the bomb", 3.0, "bad ass", 1.5,
            "yeah right", -2.0, "cut the mustard", 2.0, "kiss of death", -1.5, "hand to mouth", -2.0);

    static {
        for (String w : List.of("absolutely", "amazingly", "awfully", "completely", "considerably", "decidedly",
                "deeply", "effing", "enormously", "entirely", "especially", "exceptionally", "extremely", "fabulously",
                "flipping", "flippin", "fricking", "frickin", "frigging", "friggin", "fully", "fucking", "greatly",
                "hella", "highly", "hugely", "incredibly", "intensely", "majorly", "more", "most", "particularly",
                "purely", "quite", "really", "remarkably", "so", "substantially", "thoroughly", "totally",
                "tremendously", "uber", "unbelievably", "unusually", "utterly", "very")) {
            BOOSTER.put(w, B_INCR);
        }
        for (String w : List.of("almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
                "less", "little", "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat",
                "sort of", "sorta", "sortof", "sort-of")) {
            BOOSTER.put(w, B_DECR);
        }
    }

    private final Map<String, Double> lexicon;

    private Vader(Map<String, Double> lexicon) {
        this.lexicon = lexicon;
    }

    /** From the unpacked {@code vader-sentiment} package's {@code vader_lexicon.txt}. */
    public static Vader load(Path vaderPackage) throws IOException {
        return parse(Files.readAllLines(vaderPackage.resolve("vader_lexicon.txt"), StandardCharsets.UTF_8));
    }

    /** From the lexicon packaged with the model (the build fetches it from the npm registry). */
    public static Vader bundled() throws IOException {
        try (var in = Vader.class.getResourceAsStream("/lexicons/vader_lexicon.txt")) {
            if (in == null) {
                throw new IOException("lexicon vader_lexicon.txt is not on the classpath; build the sentiment module");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        }
    }

    private static Vader parse(List<String> lines) {
        Map<String, Double> lex = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.split("\t");
            if (parts.length >= 2) {
                lex.put(parts[0], Double.parseDouble(parts[1].strip()));
            }
        }
        return new Vader(lex);
    }

    static boolean isUpper(String word) {
        return !word.isEmpty() && UPPER.matcher(word).matches();
    }

    static boolean negated(String word) {
        return word != null && (NEGATE.contains(word) || word.contains("n't"));
    }

    /** The words and emoticons of a text, leading and trailing punctuation stripped as VADER's SentiText does. */
    static List<String> wordsAndEmoticons(String text) {
        String noPunc = PUNCTUATION.matcher(text).replaceAll("");
        List<String> wordsOnly = new ArrayList<>();
        for (String w : Js.splitOnEachSpace(noPunc)) {
            if (w.length() > 1) {
                wordsOnly.add(w);
            }
        }
        Map<String, String> stripped = new HashMap<>();
        for (String p : PUNC_LIST) {
            for (String w : wordsOnly) {
                stripped.put(p + w, w);
                stripped.put(w + p, w);
            }
        }
        List<String> out = new ArrayList<>();
        for (String token : Js.splitOnEachSpace(text)) {
            if (token.length() > 1) {
                out.add(stripped.getOrDefault(token, token));
            }
        }
        return out;
    }

    static boolean allCapDifferential(List<String> words) {
        int caps = 0;
        for (String w : words) {
            if (isUpper(w)) {
                caps++;
            }
        }
        int diff = words.size() - caps;
        return diff > 0 && diff < words.size();
    }

    /** The compound score, rounded to four decimals as the original reports it. */
    public double compound(String text) {
        List<String> words = wordsAndEmoticons(text);
        boolean capDiff = allCapDifferential(words);
        List<Double> sentiments = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String item = words.get(i);
            String lower = item.toLowerCase(Locale.ROOT);
            if ((i < words.size() - 1 && lower.equals("kind") && words.get(i + 1).toLowerCase(Locale.ROOT).equals("of"))
                    || BOOSTER.containsKey(lower)) {
                sentiments.add(0.0);
                continue;
            }
            sentiments.add(valence(words, i, capDiff));
        }
        butCheck(words, sentiments);
        return scoreValence(sentiments, text);
    }

    private double valence(List<String> words, int index, boolean capDiff) {
        String item = words.get(index);
        Double lex = lexicon.get(item.toLowerCase(Locale.ROOT));
        if (lex == null) {
            return 0.0;
        }
        double valence = lex;
        if (isUpper(item) && capDiff) {
            valence += valence > 0 ? C_INCR : -C_INCR;
        }
        for (int start = 0; start < 3; start++) {
            if (index > start && !lexicon.containsKey(words.get(index - (start + 1)).toLowerCase(Locale.ROOT))) {
                double s = scalarIncDec(words.get(index - (start + 1)), valence, capDiff);
                if (start == 1 && s != 0) {
                    s *= 0.95;
                } else if (start == 2 && s != 0) {
                    s *= 0.9;
                }
                valence += s;
                valence = neverCheck(valence, words, start, index);
                if (start == 2) {
                    valence = idiomsCheck(valence, words, index);
                }
            }
        }
        return leastCheck(valence, words, index);
    }

    private static double scalarIncDec(String word, double valence, boolean capDiff) {
        Double b = BOOSTER.get(word.toLowerCase(Locale.ROOT));
        if (b == null) {
            return 0.0;
        }
        double scalar = valence < 0 ? -b : b;
        if (capDiff && isUpper(word)) {
            scalar += valence > 0 ? C_INCR : -C_INCR;
        }
        return scalar;
    }

    private static String at(List<String> words, int i) {
        return i >= 0 && i < words.size() ? words.get(i) : "undefined"; // what JavaScript prints for a missing word
    }

    private static double neverCheck(double valence, List<String> words, int start, int index) {
        if (start == 0 && negated(at(words, index - 1))) {
            return valence * N_SCALAR;
        }
        if (start == 1) {
            String w2 = at(words, index - 2);
            String w1 = at(words, index - 1);
            if (w2.equals("never") && (w1.equals("so") || w1.equals("this"))) {
                return valence * 1.5;
            } else if (negated(w2)) {
                return valence * N_SCALAR;
            }
        }
        if (start == 2) {
            String w3 = at(words, index - 3);
            String w2 = at(words, index - 2);
            String w1 = at(words, index - 1);
            if ((w3.equals("never") && (w2.equals("so") || w2.equals("this"))) || w1.equals("so") || w1.equals("this")) {
                return valence * 1.25;
            } else if (negated(w3)) {
                return valence * N_SCALAR;
            }
        }
        return valence;
    }

    private static double idiomsCheck(double valence, List<String> words, int index) {
        String onezero = at(words, index - 1) + " " + at(words, index);
        String twoonezero = at(words, index - 2) + " " + at(words, index - 1) + " " + at(words, index);
        String twoone = at(words, index - 2) + " " + at(words, index - 1);
        String threetwoone = at(words, index - 3) + " " + at(words, index - 2) + " " + at(words, index - 1);
        String threetwo = at(words, index - 3) + " " + at(words, index - 2);
        for (String seq : List.of(onezero, twoonezero, twoone, threetwoone, threetwo)) {
            Double v = IDIOMS.get(seq);
            if (v != null) {
                valence = v;
                break;
            }
        }
        if (words.size() - 1 > index) {
            Double v = IDIOMS.get(at(words, index) + " " + at(words, index + 1));
            if (v != null) {
                valence = v;
            }
        }
        if (words.size() - 1 > index + 1) {
            Double v = IDIOMS.get(at(words, index) + " " + at(words, index + 1) + " " + at(words, index + 2));
            if (v != null) {
                valence = v;
            }
        }
        if (BOOSTER.containsKey(threetwo) || BOOSTER.containsKey(twoone)) {
            valence += B_DECR;
        }
        return valence;
    }

    private double leastCheck(double valence, List<String> words, int index) {
        boolean leastBefore = index > 0 && words.get(index - 1).toLowerCase(Locale.ROOT).equals("least")
                && !lexicon.containsKey("least");
        if (index > 1 && leastBefore) {
            String w2 = words.get(index - 2).toLowerCase(Locale.ROOT);
            if (!w2.equals("at") && !w2.equals("very")) {
                return valence * N_SCALAR;
            }
            return valence;
        }
        if (leastBefore) {
            return valence * N_SCALAR;
        }
        return valence;
    }

    private static void butCheck(List<String> words, List<Double> sentiments) {
        int but = words.indexOf("but");
        if (but < 0) {
            but = words.indexOf("BUT");
        }
        if (but < 0) {
            return;
        }
        for (int i = 0; i < sentiments.size(); i++) {
            if (i < but) {
                sentiments.set(i, sentiments.get(i) * 0.5);
            } else if (i > but) {
                sentiments.set(i, sentiments.get(i) * 1.5);
            }
        }
    }

    private static double scoreValence(List<Double> sentiments, String text) {
        if (sentiments.isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (double s : sentiments) {
            sum += s;
        }
        long ep = text.chars().filter(c -> c == '!').count();
        double amplifier = Math.min(ep, 4) * 0.292;
        long qm = text.chars().filter(c -> c == '?').count();
        if (qm > 1) {
            amplifier += qm <= 3 ? qm * 0.18 : 0.96;
        }
        if (sum > 0) {
            sum += amplifier;
        } else if (sum < 0) {
            sum -= amplifier;
        }
        double norm = sum / Math.sqrt(sum * sum + 15);
        norm = Math.max(-1.0, Math.min(1.0, norm));
        return new BigDecimal(norm).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
