package com.wwi.lakehouse.sentiment.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Fetches the npm packages with {@code npm pack} into a folder (once; later calls reuse it) and reads the
 * labeled sentences. Sources are {@code amazon}, {@code imdb}, {@code yelp}, 1,000 sentences each, balanced;
 * entries with empty text are dropped.
 */
public final class SentimentData {
    public static final String SENTIMENT_PACKAGE = "sentiment@5.0.2";
    public static final String VADER_PACKAGE = "vader-sentiment@1.1.3";
    public static final List<String> SOURCES = List.of("amazon", "imdb", "yelp");

    /** A sentence and its label: 1 positive, 0 negative. */
    public record Labeled(String text, int label) {
    }

    private final Path sentimentDir;
    private final Path vaderDir;

    private SentimentData(Path sentimentDir, Path vaderDir) {
        this.sentimentDir = sentimentDir;
        this.vaderDir = vaderDir;
    }

    /** The packages' folders under {@code dir}, fetched and unpacked first when missing. */
    public static SentimentData fetch(Path dir) throws IOException {
        Path sentiment = dir.resolve("sentiment-5.0.2");
        Path vader = dir.resolve("vader-sentiment-1.1.3");
        if (!Files.isRegularFile(sentiment.resolve("test/fixtures/yelp.json"))) {
            unpack(dir, SENTIMENT_PACKAGE, "sentiment-5.0.2.tgz", sentiment);
        }
        if (!Files.isRegularFile(vader.resolve("vader_lexicon.txt"))) {
            unpack(dir, VADER_PACKAGE, "vader-sentiment-1.1.3.tgz", vader);
        }
        return new SentimentData(sentiment, vader);
    }

    private static void unpack(Path dir, String pkg, String tgz, Path target) throws IOException {
        Files.createDirectories(dir);
        run(dir, "npm", "pack", pkg, "--silent", "--no-update-notifier");
        Files.createDirectories(target);
        run(dir, "tar", "xzf", tgz, "-C", target.toString(), "--strip-components=1");
        Files.deleteIfExists(dir.resolve(tgz));
    }

    private static void run(Path dir, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.strip()
                        + " (the npm registry must be reachable once to fetch the training data)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd[0], e);
        }
    }

    public Path sentimentPackage() {
        return sentimentDir;
    }

    public Path vaderPackage() {
        return vaderDir;
    }

    /** The labeled sentences of each source, in file order. */
    public Map<String, List<Labeled>> sentences() throws IOException {
        Map<String, List<Labeled>> out = new LinkedHashMap<>();
        for (String source : SOURCES) {
            List<Labeled> list = new ArrayList<>();
            try (Reader r = Files.newBufferedReader(sentimentDir.resolve("test/fixtures/" + source + ".json"))) {
                JsonArray arr = JsonParser.parseReader(r).getAsJsonArray();
                for (JsonElement e : arr) {
                    String text = e.getAsJsonObject().get("text").getAsString();
                    if (!text.isBlank()) {
                        list.add(new Labeled(text, e.getAsJsonObject().get("class").getAsInt()));
                    }
                }
            }
            out.put(source, list);
        }
        return out;
    }
}
