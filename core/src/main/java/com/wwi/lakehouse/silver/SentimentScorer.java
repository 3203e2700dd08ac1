package com.wwi.lakehouse.silver;

import java.util.List;

/**
 * The sentiment model as the Silver stage sees it: cleaned tweet texts in, one score each out, in order.
 * Implementations are thread-safe and loaded once per process (the default one runs DJL on PyTorch, in the
 * {@code sentiment} module).
 */
public interface SentimentScorer {
    /** The lab's three classes. */
    enum Label { Positive, Negative, Neutral }

    /** One text's result: the label, P(positive), and the model version that produced it. */
    record Score(Label label, double positiveProbability, String modelVersion) {
    }

    /** Scores a batch (empty texts get a Neutral score). */
    List<Score> score(List<String> texts);

    /** The version recorded with every scored row. */
    String version();
}
