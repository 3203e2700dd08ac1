package com.wwi.lakehouse.sentiment;

import com.wwi.lakehouse.sentiment.MiniLmScript.Precision;
import com.wwi.lakehouse.sentiment.head.Features;
import com.wwi.lakehouse.sentiment.head.SentimentHead;
import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.Vader;
import com.wwi.lakehouse.silver.SentimentScorer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The model the product ships: the MiniLM encoder on DJL + PyTorch, the bundled lexicons and the bundled head.
 * One instance per JVM ({@link #shared()}), loaded on first use; {@link #score} may be called from any thread.
 *
 * <p>The encoder runs in the precision {@value MiniLmScript#SETTING} asks for ({@code auto} by default: int8 where
 * the CPU runs PyTorch's int8 kernels, else float32; see {@link Precision#probe}). If a precision other than
 * float32 fails to load, the model says so once and loads float32. The model version recorded with every score
 * names the precision that ran ({@code minilm-l6-v2+vader+afinn/linear-1;int8}).
 *
 * <p>Each distinct text is scored once per batch (retweets repeat), and a score is kept in an LRU of
 * {@value #CACHE_SETTING} entries (default {@value #DEFAULT_CACHE}; 0 turns it off) for later batches.
 */
public final class DefaultSentimentModel implements SentimentScorer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultSentimentModel.class);
    /** How many scores the cache across batches keeps. */
    public static final String CACHE_SETTING = "LAKEHOUSE_SENTIMENT_CACHE";
    public static final int DEFAULT_CACHE = 50_000;

    private static volatile DefaultSentimentModel shared;

    private final MiniLmEncoder encoder;
    private final Afinn afinn;
    private final Vader vader;
    private final SentimentHead head;
    private final String version;
    private final Map<String, Score> cache;
    private final int cacheSize;
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong encoded = new AtomicLong();
    private final boolean ownsEncoder;

    private DefaultSentimentModel(MiniLmEncoder encoder, boolean ownsEncoder, Afinn afinn, Vader vader,
                                  SentimentHead head, int cacheSize) {
        this.encoder = encoder;
        this.ownsEncoder = ownsEncoder;
        this.afinn = afinn;
        this.vader = vader;
        this.head = head;
        this.version = head.version() + ";" + encoder.precision().label();
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Score> eldest) {
                return size() > DefaultSentimentModel.this.cacheSize;
            }
        };
    }

    /** The model with the configured precision and cache. */
    public static DefaultSentimentModel load() throws IOException {
        return load(Precision.configured(), cacheSetting());
    }

    /** The model in {@code precision} (float32 if that one cannot load) with a cache of {@code cacheSize} scores. */
    public static DefaultSentimentModel load(Precision precision, int cacheSize) throws IOException {
        MiniLmEncoder encoder;
        try {
            encoder = MiniLmEncoder.fromClasspath(MiniLmEncoder.DEFAULT_BATCH, precision);
        } catch (IOException | RuntimeException e) {
            if (precision == Precision.FLOAT32) {
                throw e;
            }
            LOG.warn("sentiment: the {} encoder did not load ({}); scoring in float32", precision.label(),
                    e.getMessage());
            encoder = MiniLmEncoder.fromClasspath(MiniLmEncoder.DEFAULT_BATCH, Precision.FLOAT32);
        }
        return new DefaultSentimentModel(encoder, true, Afinn.bundled(), Vader.bundled(), SentimentHead.bundled(),
                cacheSize);
    }

    /** The shipped head and lexicons over {@code encoder}, which stays open when this model closes. */
    static DefaultSentimentModel with(MiniLmEncoder encoder, int cacheSize) throws IOException {
        return new DefaultSentimentModel(encoder, false, Afinn.bundled(), Vader.bundled(), SentimentHead.bundled(),
                cacheSize);
    }

    /** The cache size {@value #CACHE_SETTING} asks for. */
    public static int cacheSetting() {
        String s = System.getenv(CACHE_SETTING);
        if (s == null || s.isBlank()) {
            return DEFAULT_CACHE;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(CACHE_SETTING + "=" + s + " is not a number of scores >= 0");
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
        return version;
    }

    /** The encoder's work for {@code text} (its token count, unpadded), as {@link MiniLmEncoder#flops}. */
    public double flops(String text) {
        return MiniLmEncoder.flops(encoder.tokenize(text).length());
    }

    /** The precision the encoder runs in. */
    public Precision precision() {
        return encoder.precision();
    }

    /** Texts asked for since load, and of those, how many the encoder ran on (the rest came from the caches). */
    public long[] counts() {
        return new long[]{scored.get(), encoded.get()};
    }

    @Override
    public List<Score> score(List<String> texts) {
        List<Score> out = new ArrayList<>(texts.size());
        if (texts.isEmpty()) {
            return out;
        }
        Map<String, Score> known = new HashMap<>();
        List<String> todo = new ArrayList<>();
        synchronized (cache) {
            for (String t : texts) {
                if (t == null || t.isBlank() || known.containsKey(t)) {
                    continue;
                }
                Score s = cacheSize > 0 ? cache.get(t) : null;
                known.put(t, s);
                if (s == null) {
                    todo.add(t);
                }
            }
        }
        if (!todo.isEmpty()) {
            // tokens and lexicons on the encoder's workers, then the forward calls on them
            MiniLmEncoder.Tokens[] tokens = new MiniLmEncoder.Tokens[todo.size()];
            double[] compound = new double[todo.size()];
            double[] afinnScore = new double[todo.size()];
            encoder.workers().run(todo.size(), MiniLmEncoder.TOKENIZE_SHARE, (from, to) -> {
                for (int i = from; i < to; i++) {
                    String t = todo.get(i);
                    tokens[i] = encoder.tokenize(t);
                    compound[i] = vader.compound(t);
                    afinnScore[i] = afinn.score(t);
                }
            });
            float[][] embeddings = encoder.encodeTokens(java.util.Arrays.asList(tokens));
            for (int i = 0; i < todo.size(); i++) {
                String t = todo.get(i);
                SentimentHead.Prediction p = head.predict(Features.of(embeddings[i], compound[i], afinnScore[i]));
                known.put(t, new Score(Label.valueOf(p.label().name()), p.positiveProbability(), version));
            }
            if (cacheSize > 0) {
                synchronized (cache) {
                    for (String t : todo) {
                        cache.put(t, known.get(t));
                    }
                }
            }
        }
        scored.addAndGet(texts.size());
        encoded.addAndGet(todo.size());
        Score blank = new Score(Label.Neutral, 0.5, version);
        for (String t : texts) {
            out.add(t == null || t.isBlank() ? blank : known.get(t));
        }
        return out;
    }

    @Override
    public void close() {
        if (ownsEncoder) {
            encoder.close();
        }
    }
}
