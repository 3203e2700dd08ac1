package com.wwi.lakehouse.sentiment.head;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained head: weights [2][features] (row 0 negative, row 1 positive), bias [2], the neutral threshold, and
 * how it was made. Applying it is a dot product and a softmax, so it needs no engine. Immutable, thread-safe.
 */
public final class SentimentHead {
    /** The three classes of the lab. */
    public enum Label { Positive, Negative, Neutral }

    /** What the head says about one input. */
    public record Prediction(Label label, double positiveProbability, double confidence) {
    }

    /** The serialised form (JSON). */
    static final class Params {
        String version;
        String encoder;
        String features;
        float[][] weights;
        float[] bias;
        double neutralThreshold;
        String trainedOn;
        String command;
    }

    private final Params p;

    SentimentHead(Params p) {
        this.p = p;
    }

    public String version() {
        return p.version;
    }

    public double neutralThreshold() {
        return p.neutralThreshold;
    }

    public int features() {
        return p.weights[0].length;
    }

    /** P(positive) from a feature vector (embedding followed by the extra features). */
    public double positiveProbability(float[] x) {
        double z0 = p.bias[0];
        double z1 = p.bias[1];
        for (int i = 0; i < x.length; i++) {
            z0 += p.weights[0][i] * x[i];
            z1 += p.weights[1][i] * x[i];
        }
        return 1.0 / (1.0 + Math.exp(z0 - z1));
    }

    public Prediction predict(float[] x) {
        return classify(positiveProbability(x), p.neutralThreshold);
    }

    static Prediction classify(double pPos, double threshold) {
        double confidence = Math.max(pPos, 1 - pPos);
        Label label = confidence < threshold ? Label.Neutral : pPos >= 0.5 ? Label.Positive : Label.Negative;
        return new Prediction(label, pPos, confidence);
    }

    public void save(Path file) throws IOException {
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        Files.writeString(file, gson.toJson(p), StandardCharsets.UTF_8);
    }

    public static SentimentHead load(InputStream json) throws IOException {
        try (InputStreamReader r = new InputStreamReader(json, StandardCharsets.UTF_8)) {
            Params p = new Gson().fromJson(r, Params.class);
            if (p == null || p.weights == null || p.weights.length != 2 || p.bias == null || p.bias.length != 2
                    || p.weights[0].length != p.weights[1].length) {
                throw new IOException("not a sentiment head: weights must be [2][n] and bias [2]");
            }
            return new SentimentHead(p);
        }
    }

    /** The head shipped with the product (trained by {@code ./lakehouse train-sentiment}). */
    public static SentimentHead bundled() throws IOException {
        InputStream in = SentimentHead.class.getResourceAsStream("/sentiment-head.json");
        if (in == null) {
            throw new IOException("the bundled sentiment head is missing from the classpath (sentiment-head.json);"
                    + " train one with ./lakehouse train-sentiment");
        }
        return load(in);
    }
}
