package com.wwi.lakehouse.silver;

import java.util.List;
import java.util.function.Supplier;

/**
 * A scorer loaded on its first use, so that function instances that never score (file landing, sweeps) do not
 * pay the model's start-up.
 */
public final class LazyScorer implements SentimentScorer {
    private final Supplier<? extends SentimentScorer> loader;
    private volatile SentimentScorer model;

    public LazyScorer(Supplier<? extends SentimentScorer> loader) {
        this.loader = loader;
    }

    private SentimentScorer model() {
        SentimentScorer m = model;
        if (m == null) {
            synchronized (this) {
                m = model;
                if (m == null) {
                    m = loader.get();
                    model = m;
                }
            }
        }
        return m;
    }

    @Override
    public List<Score> score(List<String> texts) {
        return texts.isEmpty() ? List.of() : model().score(texts);
    }

    @Override
    public String version() {
        return model().version();
    }
}
