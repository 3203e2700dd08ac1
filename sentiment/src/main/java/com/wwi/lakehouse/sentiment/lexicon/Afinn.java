package com.wwi.lakehouse.sentiment.lexicon;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AFINN-165 scoring as the {@code sentiment@5.0.2} npm package does it: lower-case, punctuation
 * {@code .,/#!?$%^&*;:{}=_`"~()} to spaces, split on single spaces, sum the word (and emoji) scores, a score
 * negated when the token before is a negator ({@code not}, {@code don't}, ...). Thread-safe.
 */
public final class Afinn {
    private static final Pattern PUNCTUATION = Pattern.compile("[.,/#!?$%\\^&*;:{}=_`\"~()]");
    private static final Pattern MULTI_SPACE = Pattern.compile(Js.SPACE + "{2,}");
    private static final Set<String> NEGATORS = Set.of("cant", "can't", "dont", "don't", "doesnt", "doesn't", "not",
            "non", "wont", "won't", "isnt", "isn't");

    private final Map<String, Integer> labels;

    private Afinn(Map<String, Integer> labels) {
        this.labels = labels;
    }

    /** From the unpacked {@code sentiment} package: languages/en/labels.json and build/emoji.json. */
    public static Afinn load(Path sentimentPackage) throws IOException {
        Map<String, Integer> labels = new HashMap<>();
        read(sentimentPackage.resolve("languages/en/labels.json"), labels);
        read(sentimentPackage.resolve("build/emoji.json"), labels);
        return new Afinn(labels);
    }

    /** From the lexicons packaged with the model (the build fetches them from the npm registry). */
    public static Afinn bundled() throws IOException {
        Map<String, Integer> labels = new HashMap<>();
        for (String name : new String[]{"/lexicons/afinn-165.json", "/lexicons/emoji.json"}) {
            try (var in = Afinn.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("lexicon " + name + " is not on the classpath; build the sentiment module");
                }
                read(new InputStreamReader(in, StandardCharsets.UTF_8), labels);
            }
        }
        return new Afinn(labels);
    }

    private static void read(Path file, Map<String, Integer> into) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            read(r, into);
        }
    }

    private static void read(Reader r, Map<String, Integer> into) {
        for (Map.Entry<String, JsonElement> e : JsonParser.parseReader(r).getAsJsonObject().entrySet()) {
            into.put(e.getKey(), e.getValue().getAsInt());
        }
    }

    /** The summed score; above zero is positive, below negative, zero neutral. */
    public int score(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('\n', ' ');
        t = PUNCTUATION.matcher(t).replaceAll(" ");
        t = MULTI_SPACE.matcher(t).replaceAll(" ");
        String[] tokens = Js.trim(t).split(" ", -1);
        int score = 0;
        for (int i = tokens.length - 1; i >= 0; i--) {
            Integer s = labels.get(tokens[i]);
            if (s == null) {
                continue;
            }
            int tokenScore = s;
            if (i > 0 && NEGATORS.contains(tokens[i - 1])) {
                tokenScore = -tokenScore;
            }
            score += tokenScore;
        }
        return score;
    }
}
