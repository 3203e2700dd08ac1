package com.wwi.lakehouse.sentiment;

import com.wwi.lakehouse.silver.SentimentScorer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped model from the classpath alone: encoder, bundled lexicons, bundled head. */
class DefaultSentimentModelTest {
    @Test
    void scoresCleanedTweetsInOrder() {
        SentimentScorer model = DefaultSentimentModel.shared();
        List<SentimentScorer.Score> s = model.score(Arrays.asList(
                "Loving the new Sustainable Fashion line, it is wonderful",
                "Worst beach trip ever, the hotel was dirty and rude",
                ""));
        assertEquals(3, s.size());
        assertEquals(SentimentScorer.Label.Positive, s.get(0).label());
        assertEquals(SentimentScorer.Label.Negative, s.get(1).label());
        assertEquals(SentimentScorer.Label.Neutral, s.get(2).label());
        assertTrue(s.get(0).positiveProbability() > 0.5 && s.get(1).positiveProbability() < 0.5);
        assertEquals(model.version(), s.get(0).modelVersion());
        assertSame(DefaultSentimentModel.shared(), model);
    }
}
