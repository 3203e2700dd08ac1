package com.wwi.lakehouse.sentiment.custom;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.wwi.lakehouse.sentiment.MiniLmEncoder;
import com.wwi.lakehouse.silver.SentimentScorer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's TorchScript classifier (the fixture is written by {@link TorchScriptFixture}; its logits are known in
 * advance) scores through the same interface as the bundled model.
 */
class TorchScriptSentimentModelTest {
    @TempDir
    Path dir;

    @Test
    void aUsersTorchScriptClassifierScoresLikeItsWeightsSay() throws Exception {
        Random rnd = new Random(3);
        float[][] w = new float[TorchScriptFixture.BUCKETS][3];
        for (float[] row : w) {
            for (int k = 0; k < 3; k++) {
                row[k] = (float) rnd.nextGaussian();
            }
        }
        Path model = dir.resolve("classifier.pt");
        TorchScriptFixture.write(model, w);
        Path tokenizer = dir.resolve("tokenizer.json");
        try (var in = MiniLmEncoder.class.getClassLoader().getResourceAsStream(MiniLmEncoder.TOKENIZER_RESOURCE)) {
            Files.write(tokenizer, in.readAllBytes());
        }
        List<String> texts = new java.util.ArrayList<>(List.of("Loving the new Go Green line", "worst trip ever", "ok",
                "Sustainable Fashion is here", "I would not buy it again, it is broken and late"));
        for (int i = 0; texts.size() < 40; i++) { // enough for several micro-batches of different lengths
            texts.add(texts.get(i % 5) + " " + "and more ".repeat(i % 7) + i);
        }
        SentimentScorer scorer = SentimentModels.fromSettings(Map.of(SentimentModels.MODEL, model.toString(),
                SentimentModels.TOKENIZER, tokenizer.toString(), SentimentModels.LABELS, "NEGATIVE, neutral ,Positive"));
        List<SentimentScorer.Score> scores = scorer.score(texts);
        try (HuggingFaceTokenizer tok = MiniLmEncoder.newTokenizer(Files.newInputStream(tokenizer))) {
            SentimentScorer.Label[] order = {SentimentScorer.Label.Negative, SentimentScorer.Label.Neutral,
                    SentimentScorer.Label.Positive};
            for (int i = 0; i < texts.size(); i++) {
                double[] logits = new double[3];
                for (long id : tok.encode(texts.get(i)).getIds()) {
                    for (int k = 0; k < 3; k++) {
                        logits[k] += w[(int) (id % TorchScriptFixture.BUCKETS)][k];
                    }
                }
                int best = 0;
                for (int k = 1; k < 3; k++) {
                    if (logits[k] > logits[best]) {
                        best = k;
                    }
                }
                double z = Math.exp(logits[0]) + Math.exp(logits[1]) + Math.exp(logits[2]);
                assertEquals(order[best], scores.get(i).label(), texts.get(i));
                assertEquals(Math.exp(logits[2]) / z, scores.get(i).positiveProbability(), 1e-5, texts.get(i));
                assertEquals("torchscript:classifier.pt", scores.get(i).modelVersion());
            }
        }
        // a neutral threshold of 1 leaves everything neutral
        SentimentScorer strict = TorchScriptSentimentModel.load(model, tokenizer,
                List.of("negative", "neutral", "positive"), 1.0);
        assertTrue(strict.score(texts).stream().allMatch(s -> s.label() == SentimentScorer.Label.Neutral));
    }

    @Test
    void misconfigurationIsReportedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SentimentModels.fromSettings(
                Map.of(SentimentModels.MODEL, "/models/x.pt")));
        assertTrue(e.getMessage().contains(SentimentModels.TOKENIZER), e.getMessage());
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> SentimentModels.fromSettings(Map.of(SentimentModels.MODEL, dir.resolve("none.pt").toString(),
                        SentimentModels.TOKENIZER, "t.json", SentimentModels.LABELS, "neg,pos")));
        assertTrue(missing.getMessage().contains("no TorchScript model"), missing.getMessage());
        assertThrows(IOException.class, () -> TorchScriptSentimentModel.parse("joy"));
    }
}
