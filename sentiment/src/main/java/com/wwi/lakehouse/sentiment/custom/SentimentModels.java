package com.wwi.lakehouse.sentiment.custom;

import com.wwi.lakehouse.sentiment.DefaultSentimentModel;
import com.wwi.lakehouse.silver.SentimentScorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Which model scores Silver, from settings: {@code LAKEHOUSE_SENTIMENT_MODEL} = {@code bundled} (default) or the
 * path of a TorchScript classifier, with {@code LAKEHOUSE_SENTIMENT_TOKENIZER} (its tokenizer.json),
 * {@code LAKEHOUSE_SENTIMENT_LABELS} (comma-separated, in logit order) and optionally
 * {@code LAKEHOUSE_SENTIMENT_NEUTRAL_BELOW} (a probability).
 */
public final class SentimentModels {
    public static final String MODEL = "LAKEHOUSE_SENTIMENT_MODEL";
    public static final String TOKENIZER = "LAKEHOUSE_SENTIMENT_TOKENIZER";
    public static final String LABELS = "LAKEHOUSE_SENTIMENT_LABELS";
    public static final String NEUTRAL_BELOW = "LAKEHOUSE_SENTIMENT_NEUTRAL_BELOW";

    private SentimentModels() {
    }

    public static SentimentScorer fromSettings(Map<String, String> env) {
        String model = env.getOrDefault(MODEL, "bundled").strip();
        if (model.isEmpty() || model.equals("bundled")) {
            return DefaultSentimentModel.shared();
        }
        String tokenizer = env.get(TOKENIZER);
        String labels = env.get(LABELS);
        if (tokenizer == null || tokenizer.isBlank() || labels == null || labels.isBlank()) {
            throw new IllegalArgumentException(MODEL + " names a TorchScript model, so " + TOKENIZER + " and " + LABELS
                    + " must be set too (e.g. NEGATIVE,POSITIVE)");
        }
        double threshold;
        try {
            threshold = Double.parseDouble(env.getOrDefault(NEUTRAL_BELOW, "0").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NEUTRAL_BELOW + " must be a probability, got '" + env.get(NEUTRAL_BELOW) + "'");
        }
        try {
            return TorchScriptSentimentModel.load(Path.of(model), Path.of(tokenizer), Arrays.asList(labels.split(",")),
                    threshold);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
