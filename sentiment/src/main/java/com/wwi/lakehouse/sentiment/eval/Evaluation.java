package com.wwi.lakehouse.sentiment.eval;

import com.wwi.lakehouse.sentiment.data.SentimentData;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Scores a classifier on each held-out source. A classifier answers +1 (positive), -1 (negative) or 0
 * (neutral); a neutral answer counts as wrong, since every sentence is labeled positive or negative, and is
 * reported as the neutral share.
 */
public final class Evaluation {
    /** One method on one held-out source. */
    public record Result(String method, String heldOut, int sentences, double accuracy, double neutralShare) {
    }

    private Evaluation() {
    }

    public static Result score(String method, String heldOut, List<SentimentData.Labeled> test,
                               ToIntFunction<String> classifier) {
        int correct = 0;
        int neutral = 0;
        for (SentimentData.Labeled s : test) {
            int c = classifier.applyAsInt(s.text());
            if (c == 0) {
                neutral++;
            } else if ((c > 0) == (s.label() == 1)) {
                correct++;
            }
        }
        return new Result(method, heldOut, test.size(), (double) correct / test.size(), (double) neutral / test.size());
    }

    /** A lexicon method needs no training: it is scored on each source as the held-out one. */
    public static List<Result> perSource(String method, Map<String, List<SentimentData.Labeled>> data,
                                         ToIntFunction<String> classifier) {
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, List<SentimentData.Labeled>> e : data.entrySet()) {
            out.add(score(method, e.getKey(), e.getValue(), classifier));
        }
        return out;
    }

    /** VADER's usual thresholds: compound ≥ 0.05 positive, ≤ -0.05 negative. */
    public static int vaderClass(double compound) {
        return compound >= 0.05 ? 1 : compound <= -0.05 ? -1 : 0;
    }

    public static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder(String.format("%-12s %-8s %9s %9s %9s%n", "method", "held out", "sentences",
                "accuracy", "neutral"));
        for (Result r : results) {
            sb.append(String.format("%-12s %-8s %9d %9.3f %8.1f%%%n", r.method(), r.heldOut(), r.sentences(),
                    r.accuracy(), 100 * r.neutralShare()));
        }
        return sb.toString();
    }
}
