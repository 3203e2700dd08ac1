package com.wwi.lakehouse.sentiment.training;

import com.wwi.lakehouse.sentiment.MiniLmEncoder;
import com.wwi.lakehouse.sentiment.MiniLmScript.Precision;
import com.wwi.lakehouse.sentiment.data.SentimentData;
import com.wwi.lakehouse.sentiment.eval.Evaluation;
import com.wwi.lakehouse.sentiment.head.Features;
import com.wwi.lakehouse.sentiment.head.HeadTrainer;
import com.wwi.lakehouse.sentiment.head.SentimentHead;
import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.Vader;
import com.wwi.lakehouse.progress.Progress;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code train-sentiment} and {@code eval-sentiment}: fetch the labeled sentences, encode them once (cached next
 * to the data), evaluate leave-one-source-out next to the AFINN and VADER baselines, and (when training) fit the
 * head on all three sources and write its parameters.
 */
public final class TrainSentiment {
    public static final String VERSION = "minilm-l6-v2+vader+afinn/linear-1";
    public static final String FEATURES = Features.DESCRIPTION;
    /** Sentences encoded per call while training (the encoder sorts each call by length). */
    private static final int ENCODE_CHUNK = 500;

    private TrainSentiment() {
    }

    /** Sentence embeddings for every source, from the cache when the sentences are the same. */
    static Map<String, float[][]> embeddings(Path dataDir, Map<String, List<SentimentData.Labeled>> sentences,
                                             PrintStream out, Progress progress) throws IOException {
        return embeddings(dataDir, sentences, out, progress, Precision.FLOAT32);
    }

    static Map<String, float[][]> embeddings(Path dataDir, Map<String, List<SentimentData.Labeled>> sentences,
                                             PrintStream out, Progress progress, Precision precision) throws IOException {
        Map<String, float[][]> result = new LinkedHashMap<>();
        String suffix = precision == Precision.FLOAT32 ? "" : "-" + precision.label();
        try (MiniLmEncoder encoder = MiniLmEncoder.fromClasspath(MiniLmEncoder.DEFAULT_BATCH, precision);
             Progress.Task task = progress.start("encode sentences", sentences.values().stream().mapToLong(List::size).sum(),
                     "sentences")) {
            for (Map.Entry<String, List<SentimentData.Labeled>> e : sentences.entrySet()) {
                List<String> texts = e.getValue().stream().map(SentimentData.Labeled::text).toList();
                Path cache = dataDir.resolve("embeddings-" + e.getKey() + "-" + Integer.toHexString(texts.hashCode())
                        + suffix + ".bin");
                if (Files.isRegularFile(cache)) {
                    result.put(e.getKey(), read(cache));
                    task.step(texts.size());
                    continue;
                }
                long t0 = System.nanoTime();
                task.note(e.getKey());
                float[][] x = new float[texts.size()][];
                for (int from = 0; from < texts.size(); from += ENCODE_CHUNK) { // chunks, so that progress moves
                    List<String> chunk = texts.subList(from, Math.min(texts.size(), from + ENCODE_CHUNK));
                    System.arraycopy(encoder.encode(chunk), 0, x, from, chunk.size());
                    task.step(chunk.size());
                }
                out.printf("  encoded %d %s sentences in %.1f s (%s)%n", texts.size(), e.getKey(),
                        (System.nanoTime() - t0) / 1e9, precision.label());
                write(cache, x);
                result.put(e.getKey(), x);
            }
        }
        return result;
    }

    private static void write(Path file, float[][] x) throws IOException {
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            o.writeInt(x.length);
            o.writeInt(x[0].length);
            for (float[] row : x) {
                for (float v : row) {
                    o.writeFloat(v);
                }
            }
        }
    }

    private static float[][] read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            float[][] x = new float[in.readInt()][];
            int f = in.readInt();
            for (int i = 0; i < x.length; i++) {
                x[i] = new float[f];
                for (int j = 0; j < f; j++) {
                    x[i][j] = in.readFloat();
                }
            }
            return x;
        }
    }

    /** The feature vector: the sentence embedding, then VADER's compound and tanh(AFINN / 4). */
    public static float[] features(float[] embedding, String text, Afinn afinn, Vader vader) {
        return Features.of(embedding, text, afinn, vader);
    }

    static Map<String, float[][]> withLexicons(Map<String, float[][]> emb, Map<String, List<SentimentData.Labeled>> sentences,
                                              Afinn afinn, Vader vader) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        for (String s : sentences.keySet()) {
            float[][] e = emb.get(s);
            float[][] z = new float[e.length][];
            for (int i = 0; i < e.length; i++) {
                z[i] = features(e[i], sentences.get(s).get(i).text(), afinn, vader);
            }
            out.put(s, z);
        }
        return out;
    }

    /** Leave-one-source-out results of the head and of both lexicon baselines. */
    public static List<Evaluation.Result> evaluate(Path dataDir, HeadTrainer.Config config, PrintStream out)
            throws IOException {
        return evaluate(dataDir, config, out, Progress.NONE);
    }

    /** The same, telling {@code progress} how the encoding of the sentences goes (the long part, when not cached). */
    public static List<Evaluation.Result> evaluate(Path dataDir, HeadTrainer.Config config, PrintStream out,
                                                   Progress progress) throws IOException {
        return evaluate(dataDir, config, out, progress, List.of());
    }

    /**
     * The same, and for each of {@code precisions} other than float32 a row "model/&lt;precision&gt;": each fold's
     * head is trained on float32 embeddings (as the shipped head is) and tested on the held-out source encoded in
     * that precision, as the pipeline scores when it runs in it.
     */
    public static List<Evaluation.Result> evaluate(Path dataDir, HeadTrainer.Config config, PrintStream out,
                                                   Progress progress, List<Precision> precisions) throws IOException {
        SentimentData data = SentimentData.fetch(dataDir);
        Map<String, List<SentimentData.Labeled>> sentences = data.sentences();
        Afinn lexAfinn = Afinn.load(data.sentimentPackage());
        Vader lexVader = Vader.load(data.vaderPackage());
        Map<String, float[][]> emb = withLexicons(embeddings(dataDir, sentences, out, progress), sentences, lexAfinn,
                lexVader);
        Map<Precision, Map<String, float[][]>> other = new LinkedHashMap<>();
        for (Precision p : precisions) {
            if (p != Precision.FLOAT32 && !other.containsKey(p)) {
                other.put(p, withLexicons(embeddings(dataDir, sentences, out, progress, p), sentences, lexAfinn,
                        lexVader));
            }
        }
        List<Evaluation.Result> results = new ArrayList<>();
        for (String heldOut : sentences.keySet()) {
            List<float[]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (String s : sentences.keySet()) {
                if (!s.equals(heldOut)) {
                    float[][] e = emb.get(s);
                    for (int i = 0; i < e.length; i++) {
                        x.add(e[i]);
                        y.add(sentences.get(s).get(i).label());
                    }
                }
            }
            SentimentHead head = HeadTrainer.train(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(),
                    config, VERSION, "all but " + heldOut);
            List<SentimentData.Labeled> labeled = sentences.get(heldOut);
            results.add(score("model", head, emb.get(heldOut), labeled, heldOut));
            for (Map.Entry<Precision, Map<String, float[][]>> p : other.entrySet()) {
                results.add(score("model/" + p.getKey().label(), head, p.getValue().get(heldOut), labeled, heldOut));
            }
        }
        Afinn afinn = Afinn.load(data.sentimentPackage());
        Vader vader = Vader.load(data.vaderPackage());
        results.addAll(Evaluation.perSource("AFINN-165", sentences, t -> Integer.signum(afinn.score(t))));
        results.addAll(Evaluation.perSource("VADER", sentences, t -> Evaluation.vaderClass(vader.compound(t))));
        return results;
    }

    private static Evaluation.Result score(String method, SentimentHead head, float[][] test,
                                          List<SentimentData.Labeled> labeled, String heldOut) {
        Map<String, float[]> byText = new HashMap<>();
        for (int i = 0; i < test.length; i++) {
            byText.put(labeled.get(i).text(), test[i]);
        }
        return Evaluation.score(method, heldOut, labeled, t -> switch (head.predict(byText.get(t)).label()) {
            case Positive -> 1;
            case Negative -> -1;
            case Neutral -> 0;
        });
    }

    /** Trains on all sources and writes the head. */
    public static SentimentHead trainAll(Path dataDir, HeadTrainer.Config config, Path outFile, PrintStream out)
            throws IOException {
        SentimentData data = SentimentData.fetch(dataDir);
        Map<String, List<SentimentData.Labeled>> sentences = data.sentences();
        Map<String, float[][]> emb = withLexicons(embeddings(dataDir, sentences, out, Progress.NONE), sentences,
                Afinn.load(data.sentimentPackage()), Vader.load(data.vaderPackage()));
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (String s : sentences.keySet()) {
            float[][] e = emb.get(s);
            for (int i = 0; i < e.length; i++) {
                x.add(e[i]);
                y.add(sentences.get(s).get(i).label());
            }
        }
        SentimentHead head = HeadTrainer.train(x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(),
                config, VERSION, "UCI sentiment labelled sentences: amazon, imdb, yelp (" + x.size() + ")");
        head.save(outFile);
        return head;
    }

    public static void main(String[] args) throws IOException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : ".tools/sentiment-data");
        long t0 = System.nanoTime();
        List<Evaluation.Result> r = evaluate(dataDir, HeadTrainer.Config.defaults(), System.out);
        System.out.print(Evaluation.table(r));
        System.out.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
        if (args.length > 1) {
            SentimentHead h = trainAll(dataDir, HeadTrainer.Config.defaults(), Path.of(args[1]), System.out);
            System.out.println("wrote " + args[1] + " (neutral below " + h.neutralThreshold() + ")");
        }
    }
}
