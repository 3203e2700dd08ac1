package com.wwi.lakehouse.sentiment;

import com.wwi.lakehouse.sentiment.head.SentimentHead;
import com.wwi.lakehouse.sentiment.head.Features;
import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.Vader;
import com.wwi.lakehouse.silver.SentimentScorer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model the product ships: the MiniLM encoder on DJL + PyTorch, the bundled lexicons and the bundled head.
 * One instance per JVM ({@link #shared()}), loaded on first use; {@link #score} may be called from any thread.
 */
public final class DefaultSentimentModel implements SentimentScorer, AutoCloseable {
    private static volatile DefaultSentimentModel shared;

    private final MiniLmEncoder encoder;
    private final Afinn afinn;
    private final Vader vader;
    private final SentimentHead head;

    private DefaultSentimentModel(MiniLmEncoder encoder, Afinn afinn, Vader vader, SentimentHead head) {
        this.encoder = encoder;
        this.afinn = afinn;
        this.vader = vader;
        this.head = head;
    }

    public static DefaultSentimentModel load() throws IOException {
        return new DefaultSentimentModel(MiniLmEncoder.fromClasspath(), Afinn.bundled(), Vader.bundled(),
                SentimentHead.bundled());
    }

    /** The process-wide instance, loaded once. */
    public static DefaultSentimentModel shared() {
        DefaultSentimentModel m = shared;
        if (m == null) {
            synchronized (DefaultSentimentModel.class) {
                m = shared;
                if (m == null) {
                    try {
                        m = load();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot load the sentiment model: " + e.getMessage(), e);
                    }
                    shared = m;
                }
            }
        }
        return m;
    }

    @Override
    public String version() {
        return head.version();
    }

    @Override
    public List<Score> score(List<String> texts) {
        List<Score> out = new ArrayList<>(texts.size());
        if (texts.isEmpty()) {
            return out;
        }
        float[][] embeddings = encoder.encode(texts);
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isBlank()) {
                out.add(new Score(Label.Neutral, 0.5, head.version()));
                continue;
            }
            SentimentHead.Prediction p = head.predict(Features.of(embeddings[i], t, afinn, vader));
            out.add(new Score(Label.valueOf(p.label().name()), p.positiveProbability(), head.version()));
        }
        return out;
    }

    @Override
    public void close() {
        encoder.close();
    }
}
