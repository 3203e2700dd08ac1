package com.wwi.lakehouse.sentiment.head;

import com.wwi.lakehouse.sentiment.training.TrainSentiment;
import com.wwi.lakehouse.sentiment.MiniLmEncoder;
import com.wwi.lakehouse.sentiment.data.SentimentData;
import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.LexiconParityTest;
import com.wwi.lakehouse.sentiment.lexicon.Vader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small training run with DJL on PyTorch (a smoke test: the full run is ./lakehouse train-sentiment). */
class HeadTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aSmallHeadLearnsFromTwoSourcesAndTransfersToTheThird() throws Exception {
        SentimentData data = SentimentData.fetch(LexiconParityTest.dataDir());
        Map<String, List<SentimentData.Labeled>> sentences = data.sentences();
        Afinn afinn = Afinn.load(data.sentimentPackage());
        Vader vader = Vader.load(data.vaderPackage());
        List<SentimentData.Labeled> train = new ArrayList<>();
        train.addAll(sentences.get("amazon").subList(0, 200));
        train.addAll(sentences.get("yelp").subList(0, 200));
        List<SentimentData.Labeled> test = sentences.get("imdb").subList(0, 200);
        try (MiniLmEncoder encoder = MiniLmEncoder.fromClasspath()) {
            float[][] x = features(encoder, train, afinn, vader);
            int[] y = train.stream().mapToInt(SentimentData.Labeled::label).toArray();
            SentimentHead head = HeadTrainer.train(x, y, new HeadTrainer.Config(20, 32, 0.01f, 1e-4f, 7, 1.0),
                    "smoke", "400 sentences");
            float[][] tx = features(encoder, test, afinn, vader);
            int correct = 0;
            for (int i = 0; i < tx.length; i++) {
                SentimentHead.Label l = head.predict(tx[i]).label();
                if (l != SentimentHead.Label.Neutral && (l == SentimentHead.Label.Positive) == (test.get(i).label() == 1)) {
                    correct++;
                }
            }
            double accuracy = correct / (double) tx.length;
            assertTrue(accuracy > 0.7, "held-out accuracy " + accuracy);
            Path saved = dir.resolve("head.json");
            head.save(saved);
            SentimentHead again = SentimentHead.load(Files.newInputStream(saved));
            assertEquals(head.positiveProbability(tx[0]), again.positiveProbability(tx[0]), 1e-12);
            assertEquals(386, again.features());
        }
    }

    @Test
    void theBundledHeadReadsObviousSentences() throws Exception {
        SentimentData data = SentimentData.fetch(LexiconParityTest.dataDir());
        Afinn afinn = Afinn.load(data.sentimentPackage());
        Vader vader = Vader.load(data.vaderPackage());
        SentimentHead head = SentimentHead.bundled();
        assertEquals(TrainSentiment.VERSION, head.version());
        try (MiniLmEncoder encoder = MiniLmEncoder.fromClasspath()) {
            List<String> texts = List.of("I love this new collection, it is wonderful", "Terrible service, I want my money back");
            float[][] e = encoder.encode(texts);
            assertEquals(SentimentHead.Label.Positive, head.predict(TrainSentiment.features(e[0], texts.get(0), afinn, vader)).label());
            assertEquals(SentimentHead.Label.Negative, head.predict(TrainSentiment.features(e[1], texts.get(1), afinn, vader)).label());
        }
    }

    private static float[][] features(MiniLmEncoder encoder, List<SentimentData.Labeled> rows, Afinn afinn, Vader vader) {
        List<String> texts = rows.stream().map(SentimentData.Labeled::text).toList();
        float[][] e = encoder.encode(texts);
        float[][] out = new float[e.length][];
        for (int i = 0; i < e.length; i++) {
            out[i] = TrainSentiment.features(e[i], texts.get(i), afinn, vader);
        }
        return out;
    }
}
