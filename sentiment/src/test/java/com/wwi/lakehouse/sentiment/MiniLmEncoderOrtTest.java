package com.wwi.lakehouse.sentiment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the DJL/PyTorch forward pass against ONNX Runtime running the very same ONNX file on
 * the very same token ids. ORT is fed one sentence at a time (no padding at all); the encoder
 * gets all 100 in one call (sorted, micro-batched, padded), so padding/masking is checked too.
 */
class MiniLmEncoderOrtTest {

    private static MiniLmEncoder encoder;

    @BeforeAll
    static void load() throws Exception {
        encoder = MiniLmEncoder.fromClasspath(16);
    }

    @AfterAll
    static void close() {
        if (encoder != null) {
            encoder.close();
        }
    }

    @Test
    void samplesAreHundredVariedTexts() {
        assertEquals(100, TweetSamples.TEXTS.size());
        int max = TweetSamples.TEXTS.stream().mapToInt(t -> encoder.tokenize(t).length()).max().orElseThrow();
        assertEquals(MiniLmEncoder.MAX_TOKENS, max, "the longest sample is truncated at 128 tokens");
        assertEquals(2, encoder.tokenize("").length(), "[CLS] [SEP]");
    }

    @Test
    void matchesOnnxRuntime() throws Exception {
        List<String> texts = TweetSamples.TEXTS;
        float[][] djl = encoder.encode(texts);

        byte[] model;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLmEncoder.ONNX_RESOURCE)) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        double sum = 0;
        double min = 1;
        int worst = -1;
        double maxAbs = 0;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(2);
            try (OrtSession session = env.createSession(model, opts)) {
                for (int i = 0; i < texts.size(); i++) {
                    MiniLmEncoder.Tokens t = encoder.tokenize(texts.get(i));
                    long[] mask = new long[t.length()];
                    Arrays.fill(mask, 1L);
                    float[] ort = runOrt(env, session, t, mask);
                    assertEquals(384, djl[i].length);
                    double norm = Math.sqrt(dot(djl[i], djl[i]));
                    assertEquals(1.0, norm, 1e-4, "unit length");
                    double cos = MiniLmEncoder.cosine(djl[i], ort);
                    for (int j = 0; j < ort.length; j++) {
                        maxAbs = Math.max(maxAbs, Math.abs(djl[i][j] - ort[j]));
                    }
                    sum += cos;
                    if (cos < min) {
                        min = cos;
                        worst = i;
                    }
                }
            }
        }
        double mean = sum / texts.size();
        System.out.printf("DJL/PyTorch vs ONNX Runtime over %d texts: mean cosine %.9f (1 - mean = %.2e),"
                + " min %.9f (#%d), max |diff| of an embedding component %.2e%n",
                texts.size(), mean, 1 - mean, min, worst, maxAbs);
        assertTrue(mean >= 0.999, "mean cosine " + mean);
        assertTrue(min >= 0.995, "min cosine " + min + " for " + texts.get(worst));
    }

    @Test
    void paddingDoesNotChangeTheResult() {
        String a = "short one";
        String b = TweetSamples.TEXTS.get(98);
        float[] alone = encoder.encode(a);
        float[][] together = encoder.encode(List.of(a, b));
        assertTrue(MiniLmEncoder.cosine(alone, together[0]) > 0.99999);
    }

    @Test
    void concurrentCallersGetTheSameResults() throws Exception {
        List<String> texts = TweetSamples.TEXTS.subList(0, 40);
        float[][] expected = encoder.encode(texts);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> futures = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                int shift = k * 7;
                futures.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>(texts);
                    Collections.rotate(mine, shift);
                    float[][] got = encoder.encode(mine);
                    Collections.rotate(Arrays.asList(got), -shift);
                    return got;
                }));
            }
            for (Future<float[][]> f : futures) {
                float[][] got = f.get();
                for (int i = 0; i < texts.size(); i++) {
                    assertTrue(MiniLmEncoder.cosine(expected[i], got[i]) > 0.99999, "text " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[][] e = encoder.encode(List.of(
                "I love this product, it is fantastic",
                "This product is great, I really like it",
                "The train to Berlin leaves at 9 am"));
        assertTrue(MiniLmEncoder.cosine(e[0], e[1]) > MiniLmEncoder.cosine(e[0], e[2]) + 0.3);
    }

    private static float[] runOrt(OrtEnvironment env, OrtSession session, MiniLmEncoder.Tokens t, long[] mask)
            throws Exception {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> all = new ArrayList<>();
        try {
            inputs.put("input_ids", add(all, OnnxTensor.createTensor(env, new long[][] {t.ids()})));
            inputs.put("attention_mask", add(all, OnnxTensor.createTensor(env, new long[][] {mask})));
            inputs.put("token_type_ids", add(all, OnnxTensor.createTensor(env, new long[][] {t.typeIds()})));
            try (OrtSession.Result r = session.run(inputs)) {
                float[][][] hidden = (float[][][]) r.get("last_hidden_state").orElseThrow().getValue();
                return MiniLmEncoder.meanPoolNormalize(hidden[0], mask);
            }
        } finally {
            for (OnnxTensor x : all) {
                x.close();
            }
        }
    }

    private static OnnxTensor add(List<OnnxTensor> all, OnnxTensor t) {
        all.add(t);
        return t;
    }

    private static double dot(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += (double) a[i] * b[i];
        }
        return d;
    }
}
