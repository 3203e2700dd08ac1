package com.wwi.lakehouse.sentiment;

import com.wwi.lakehouse.sentiment.MiniLmScript.Precision;
import com.wwi.lakehouse.silver.SentimentScorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encoder's three precisions against each other on a fixed set of tweets, the capability probe, and the score
 * cache. (How often int8 and bfloat16 agree with float32 on thousands of generated tweets is measured by
 * {@code ./lakehouse bench sentiment}, their accuracy by {@code ./lakehouse eval-sentiment --precision}.)
 */
class PrecisionTest {
    private static MiniLmEncoder f32;
    private static MiniLmEncoder int8;
    private static MiniLmEncoder bf16;

    @BeforeAll
    static void load() throws IOException {
        f32 = MiniLmEncoder.fromClasspath(16, Precision.FLOAT32);
        int8 = MiniLmEncoder.fromClasspath(16, Precision.INT8);
        bf16 = MiniLmEncoder.fromClasspath(16, Precision.BFLOAT16);
    }

    @AfterAll
    static void close() {
        f32.close();
        int8.close();
        bf16.close();
    }

    @Test
    void int8AndBfloat16EncodeCloseToFloat32() {
        List<String> texts = TweetSamples.TEXTS;
        float[][] a = f32.encode(texts);
        float[][] q = int8.encode(texts);
        float[][] b = bf16.encode(texts);
        double minInt8 = 1;
        double minBf16 = 1;
        for (int i = 0; i < texts.size(); i++) {
            minInt8 = Math.min(minInt8, MiniLmEncoder.cosine(a[i], q[i]));
            minBf16 = Math.min(minBf16, MiniLmEncoder.cosine(a[i], b[i]));
        }
        assertTrue(minBf16 > 0.995, "bfloat16 cosine to float32 at least " + minBf16);
        assertTrue(minInt8 > 0.95, "int8 cosine to float32 at least " + minInt8);
        assertTrue(minInt8 < 0.99999 && minBf16 < 0.99999, "the reduced precisions really ran");
    }

    @Test
    void theSameLabelsOnAFixedSetOfClearTweets() throws IOException {
        List<String> texts = List.of(
                "Loving the new Sustainable Fashion line, it is wonderful",
                "Worst beach trip ever, the hotel was dirty and rude",
                "Thanks for sorting out my refund so quickly, great service",
                "The jacket arrived torn and nobody answered my emails, disappointed",
                "Best purchase ever, the hiking gear is amazing",
                "Never buying from them again, total waste of money",
                "So happy with the fast delivery, highly recommend",
                "Terrible quality, it broke after one day",
                "What a fantastic campaign, I love it",
                "Awful experience, rude staff and a long wait");
        List<SentimentScorer.Label> expected = new ArrayList<>();
        for (MiniLmEncoder e : List.of(f32, int8, bf16)) {
            try (DefaultSentimentModel m = DefaultSentimentModel.with(e, 0)) {
                List<SentimentScorer.Label> labels = m.score(texts).stream().map(SentimentScorer.Score::label).toList();
                if (expected.isEmpty()) {
                    expected.addAll(labels);
                    assertEquals(5, labels.stream().filter(l -> l == SentimentScorer.Label.Positive).count(), "" + labels);
                } else {
                    assertEquals(expected, labels, e.precision().label());
                }
                assertTrue(m.version().endsWith(";" + e.precision().label()), m.version());
            }
        }
    }

    @Test
    void theProbeReadsFlagsAndTheSettingWins() {
        String amx = "fpu sse avx2 avx512f amx_bf16 amx_tile amx_int8";
        String avx2 = "fpu sse avx2 fma";
        boolean x86 = List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        assertEquals(x86 ? Precision.BFLOAT16 : Precision.FLOAT32, Precision.of("auto", amx));
        assertEquals(Precision.FLOAT32, Precision.of("auto", avx2));
        String zen4 = "fpu avx2 avx512f avx512dq avx512bw avx512vl avx512_vnni avx512_bf16";
        assertEquals(x86 ? Precision.BFLOAT16 : Precision.FLOAT32, Precision.of("auto", zen4), "AVX512-BF16");
        assertEquals(Precision.FLOAT32, Precision.of("auto", "fpu avx2 avx512f avx512_bf16"),
                "AVX512-BF16 without the BW/VL/DQ oneDNN packs bfloat16 weights with");
        assertEquals(Precision.FLOAT32, Precision.of(null, null));
        assertEquals(Precision.INT8, Precision.of(" INT8 ", avx2));
        assertEquals(Precision.FLOAT32, Precision.of("float32", amx));
        assertEquals(Precision.BFLOAT16, Precision.of("bf16", avx2));
        assertEquals(x86, MiniLmScript.onednnBfloat16("fpu avx2 avx512f avx512dq avx512bw avx512vl amx_bf16"));
        assertEquals(false, MiniLmScript.onednnBfloat16("fpu avx2 avx512f avx512dq avx512vl"), "no AVX512 BW");
        assertEquals(false, MiniLmScript.onednnBfloat16(avx2));
        assertEquals(false, MiniLmScript.onednnBfloat16(null));
        var e = assertThrows(IllegalArgumentException.class, () -> Precision.of("fp8", avx2));
        assertEquals("LAKEHOUSE_SENTIMENT_PRECISION=fp8 is not one of auto, float32, int8, bfloat16", e.getMessage());
    }

    @Test
    void theCacheReturnsWhatTheModelReturns() throws IOException {
        String a = "Loving the new Sustainable Fashion line, it is wonderful";
        String b = "Worst beach trip ever, the hotel was dirty and rude";
        String c = "The store was fine, nothing special";
        try (DefaultSentimentModel plain = DefaultSentimentModel.with(f32, 0);
             DefaultSentimentModel cached = DefaultSentimentModel.with(f32, 2)) {
            List<SentimentScorer.Score> truth = plain.score(List.of(a, b, c));
            List<SentimentScorer.Score> got = cached.score(List.of(a, b, a, "", a));
            assertEquals(5, got.size());
            assertEquals(2, cached.counts()[1], "a and b encoded once each");
            assertSame(truth.get(0), got.get(0), got.get(2), got.get(4));
            assertSame(truth.get(1), got.get(1));
            assertEquals(SentimentScorer.Label.Neutral, got.get(3).label());

            List<SentimentScorer.Score> again = cached.score(List.of(b, a));
            assertEquals(2, cached.counts()[1], "both from the cache");
            assertEquals(got.get(1), again.get(0));
            assertEquals(got.get(0), again.get(1));

            cached.score(List.of(c)); // evicts b, the least recently used of a, b
            cached.score(List.of(a));
            assertEquals(3, cached.counts()[1]);
            cached.score(List.of(b));
            assertEquals(4, cached.counts()[1], "b was evicted and is encoded again");
            assertEquals(10, cached.counts()[0], "texts asked for");
        }
    }

    /** Same label and P(positive) within 1e-5 (float32 results move a little with the batch's padding). */
    private static void assertSame(SentimentScorer.Score expected, SentimentScorer.Score... got) {
        for (SentimentScorer.Score s : got) {
            assertEquals(expected.label(), s.label());
            assertEquals(expected.positiveProbability(), s.positiveProbability(), 1e-5);
        }
    }
}
