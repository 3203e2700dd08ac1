package com.wwi.lakehouse.sentiment;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A small throughput benchmark for {@link MiniLmEncoder} (not a test). Prints the time from JVM
 * start to the first encoded batch, sentences/s for batches of 100 and 1,000 tweet-like texts,
 * and the model's FLOPs per sentence estimated from the layer shapes and the token counts.
 *
 * <pre>
 * mvn -B -q -pl sentiment -am install -DskipTests
 * mvn -B -q -pl sentiment exec:exec            # or: -Dbench.args="--micro-batch 64 --rounds 5"
 * </pre>
 * Arguments: {@code --micro-batch N} (default 32), {@code --rounds N} (default 3).
 */
public final class MiniLmBenchmark {

    private MiniLmBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        int microBatch = 32;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--micro-batch" -> microBatch = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> first = tweets(100, 1);
        long t0 = System.nanoTime();
        try (MiniLmEncoder enc = MiniLmEncoder.fromClasspath(microBatch)) {
            long loaded = System.nanoTime();
            enc.encode(first);
            long firstDone = System.currentTimeMillis();
            long firstNs = System.nanoTime() - loaded;
            System.out.printf(Locale.ROOT, "cores=%d  intra-op threads=%s  micro-batch=%d  max tokens=%d%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("ai.djl.pytorch.num_threads", "default"), microBatch,
                    MiniLmEncoder.MAX_TOKENS);
            System.out.printf(Locale.ROOT, "cold start: JVM start -> first encoded batch of 100 = %d ms"
                            + " (engine+weights+tokenizer load %d ms, first batch %d ms)%n",
                    firstDone - jvmStart, (loaded - t0) / 1_000_000, firstNs / 1_000_000);

            for (int size : new int[] {100, 1000}) {
                List<String> texts = tweets(size, 42 + size);
                TokenStats st = tokenStats(enc, texts, microBatch);
                enc.encode(texts); // warm-up for this size
                double best = Double.MAX_VALUE;
                double total = 0;
                for (int r = 0; r < rounds; r++) {
                    long s = System.nanoTime();
                    enc.encode(texts);
                    double sec = (System.nanoTime() - s) / 1e9;
                    best = Math.min(best, sec);
                    total += sec;
                }
                double mean = total / rounds;
                double flopsTrue = st.flopsTrue / size;
                double flopsRun = st.flopsPadded / size;
                System.out.printf(Locale.ROOT, "batch %5d: %7.1f sentences/s (mean of %d rounds; best %.1f/s)"
                                + "  tokens/sentence mean %.1f (padded %.1f)"
                                + "  FLOPs/sentence %.3f G (as run, with padding %.3f G) -> %.1f GFLOP/s%n",
                        size, size / mean, rounds, size / best, st.meanTokens, st.meanPadded,
                        flopsTrue / 1e9, flopsRun / 1e9, st.flopsPadded / mean / 1e9);
            }
        }
    }

    /**
     * Multiply-add FLOPs (2 per MAC) of one encoder pass over a sequence of {@code len} tokens:
     * per layer Q,K,V and attention-output projections 4 * 2*L*384*384, feed-forward
     * 2 * 2*L*384*1536, scores Q·Kᵀ and probs·V 2 * 2*L*L*384; six layers. Embedding lookups,
     * LayerNorm, softmax, GELU and pooling are O(L*384) and left out (under 1%).
     */
    public static double flops(int len) {
        double h = MiniLmEncoder.HIDDEN;
        double perLayer = 4 * 2.0 * len * h * h
                + 2 * 2.0 * len * h * MiniLmEncoder.INTERMEDIATE
                + 2 * 2.0 * len * len * h;
        return MiniLmEncoder.LAYERS * perLayer;
    }

    private record TokenStats(double meanTokens, double meanPadded, double flopsTrue, double flopsPadded) {
    }

    /** Token counts as the encoder sees them: sorted by length, micro-batched, padded per batch. */
    private static TokenStats tokenStats(MiniLmEncoder enc, List<String> texts, int microBatch) {
        int[] lens = texts.stream().mapToInt(t -> enc.tokenize(t).length()).sorted().toArray();
        double sum = 0;
        double padded = 0;
        double fTrue = 0;
        double fPad = 0;
        for (int from = 0; from < lens.length; from += microBatch) {
            int to = Math.min(lens.length, from + microBatch);
            int max = lens[to - 1];
            for (int i = from; i < to; i++) {
                sum += lens[i];
                padded += max;
                fTrue += flops(lens[i]);
                fPad += flops(max);
            }
        }
        return new TokenStats(sum / lens.length, padded / lens.length, fTrue, fPad);
    }

    private static final String[] OPENERS = {
        "Just got my order from @WWI", "Honestly", "Not gonna lie,", "Can't believe", "Ugh,", "Wow!",
        "Day 3 of waiting and", "PSA:", "So", "Thanks @support,", "Why is it that", "Hot take:",
    };
    private static final String[] BODIES = {
        "the new outdoor collection is amazing", "delivery took forever and nobody answered",
        "I don't think the quality is worth the price", "the staff in the Berlin store were super helpful",
        "my package arrived damaged again", "this is not what I ordered", "the eco packaging is a great idea",
        "the app crashed twice during checkout", "prices went up but the service did not get better",
        "I love how comfortable these shoes are", "the campaign ad made me laugh out loud",
        "the refund still hasn't shown up", "nothing special, it's just okay", "it works exactly as described",
        "I would never recommend this to anyone", "customer service fixed everything in five minutes",
    };
    private static final String[] TAILS = {
        "", " #gogreen", " #fail", " 😍😍", " 😡", " #outdoor #summer", " 🙄 #neveragain", " 🌱♻️ #SustainableFashion",
        " https://t.co/x1y2z3", " #futureTech 🚀", " lol", " :(", " !!!", " #southBeach 🏖️", " 👍",
    };

    /** Deterministic tweet-like texts (hashtags, mentions, emojis, negations, some long ones). */
    public static List<String> tweets(int n, long seed) {
        Random rnd = new Random(seed);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            b.append(OPENERS[rnd.nextInt(OPENERS.length)]).append(' ').append(BODIES[rnd.nextInt(BODIES.length)]);
            int extra = rnd.nextInt(10) == 0 ? 2 + rnd.nextInt(4) : rnd.nextInt(2);
            for (int k = 0; k < extra; k++) {
                b.append(rnd.nextBoolean() ? ", and " : ". Also ").append(BODIES[rnd.nextInt(BODIES.length)]);
            }
            b.append(TAILS[rnd.nextInt(TAILS.length)]);
            out.add(b.toString());
        }
        return out;
    }
}
