package com.wwi.lakehouse.sentiment.custom;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.wwi.lakehouse.sentiment.DjlDefaults;
import com.wwi.lakehouse.sentiment.Workers;
import com.wwi.lakehouse.silver.SentimentScorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A TorchScript sequence classifier: {@code forward(input_ids, attention_mask) -> logits [batch, labels]},
 * tokenized with the model's own {@code tokenizer.json} (truncated at 512 tokens, padded per batch). Labels are
 * named in logit order and map, ignoring case, onto Positive / Negative / Neutral (a list like
 * {@code NEGATIVE,POSITIVE} is fine). The answer is the arg-max label, Neutral when its probability is below the
 * threshold. A call's texts are ordered by length and run as micro-batches of at most {@value #MICRO_BATCH}, each
 * padded to its own longest text, side by side on {@link Workers} (one forward call per core); calls from several
 * threads share them. The module must therefore be safe to run from several threads at once, as a TorchScript
 * module in inference is.
 */
public final class TorchScriptSentimentModel implements SentimentScorer, AutoCloseable {
    private final Model model;
    private final HuggingFaceTokenizer tokenizer;
    private final Label[] labels;
    private final int positiveIndex;
    private final double neutralThreshold;
    private final String version;
    private final Workers workers = new Workers("sentiment-model");

    private TorchScriptSentimentModel(Model model, HuggingFaceTokenizer tokenizer, Label[] labels, double threshold,
                                      String version) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.labels = labels;
        int pos = -1;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == Label.Positive) {
                pos = i;
            }
        }
        this.positiveIndex = pos;
        this.neutralThreshold = threshold;
        this.version = version;
    }

    /**
     * @param modelFile      the TorchScript file ({@code torch.jit.save})
     * @param tokenizerJson  the model's HuggingFace tokenizer
     * @param labelNames     the label of each logit, in order
     * @param threshold      Neutral below this top probability (0 for never)
     */
    public static TorchScriptSentimentModel load(Path modelFile, Path tokenizerJson, List<String> labelNames,
                                                 double threshold) throws IOException {
        DjlDefaults.apply();
        if (!Files.isRegularFile(modelFile)) {
            throw new IOException("no TorchScript model at " + modelFile);
        }
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException("no tokenizer.json at " + tokenizerJson);
        }
        Label[] labels = new Label[labelNames.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = parse(labelNames.get(i));
        }
        if (labels.length < 2) {
            throw new IOException("a sentiment classifier needs at least two labels, got " + labelNames);
        }
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("truncation", "true");
        options.put("padding", "false");
        options.put("maxLength", "512");
        HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, options);
        Model model = Model.newInstance("user-sentiment", "PyTorch");
        String name = modelFile.getFileName().toString().replaceFirst("\\.pt$", "");
        try {
            model.load(modelFile.getParent(), name);
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new IOException("cannot load the TorchScript model " + modelFile + ": " + e.getMessage(), e);
        }
        return new TorchScriptSentimentModel(model, tokenizer, labels, threshold,
                "torchscript:" + modelFile.getFileName());
    }

    static Label parse(String name) throws IOException {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("pos")) {
            return Label.Positive;
        }
        if (n.startsWith("neg")) {
            return Label.Negative;
        }
        if (n.startsWith("neu")) {
            return Label.Neutral;
        }
        throw new IOException("label '" + name + "' is not Positive, Negative or Neutral");
    }

    @Override
    public String version() {
        return version;
    }

    /** Sequences per forward call at most. */
    static final int MICRO_BATCH = 32;

    @Override
    public List<Score> score(List<String> texts) {
        int n = texts.size();
        if (n == 0) {
            return new ArrayList<>();
        }
        Encoding[] enc = tokenizer.batchEncode(texts);
        Score[] out = new Score[n];
        workers.runByLength(n, i -> enc[i].getIds().length, MICRO_BATCH, idx -> {
            Score[] part = forward(enc, idx);
            for (int j = 0; j < idx.length; j++) {
                out[idx[j]] = part[j];
            }
        });
        return Arrays.asList(out);
    }

    /** One forward call over the sequences {@code idx}, padded to the longest of them. */
    private Score[] forward(Encoding[] enc, int[] idx) {
        int b = idx.length;
        int len = 0;
        for (int i : idx) {
            len = Math.max(len, enc[i].getIds().length);
        }
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        for (int i = 0; i < b; i++) {
            long[] e = enc[idx[i]].getIds();
            System.arraycopy(e, 0, ids, i * len, e.length);
            Arrays.fill(mask, i * len, i * len + e.length, 1L);
        }
        Score[] out = new Score[b];
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray logits = model.getBlock().forward(new ParameterStore(m, false),
                    new NDList(m.create(ids, new Shape(b, len)), m.create(mask, new Shape(b, len))),
                    false).singletonOrThrow();
            if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != labels.length) {
                throw new IllegalStateException("the model returned logits of shape " + logits.getShape() + ", expected ["
                        + b + ", " + labels.length + "] for labels " + List.of(labels));
            }
            float[] p = logits.softmax(1).toFloatArray();
            for (int i = 0; i < b; i++) {
                int best = 0;
                for (int k = 1; k < labels.length; k++) {
                    if (p[i * labels.length + k] > p[i * labels.length + best]) {
                        best = k;
                    }
                }
                double top = p[i * labels.length + best];
                Label label = top < neutralThreshold ? Label.Neutral : labels[best];
                double pPos = positiveIndex < 0 ? 0.5 : p[i * labels.length + positiveIndex];
                out[i] = new Score(label, pPos, version);
            }
        }
        return out;
    }

    @Override
    public void close() {
        workers.close();
        model.close();
        tokenizer.close();
    }
}
