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
import com.wwi.lakehouse.silver.SentimentScorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A TorchScript sequence classifier: {@code forward(input_ids, attention_mask) -> logits [batch, labels]},
 * tokenized with the model's own {@code tokenizer.json} (truncated at 512 tokens, padded per batch). Labels are
 * named in logit order and map, ignoring case, onto Positive / Negative / Neutral (a list like
 * {@code NEGATIVE,POSITIVE} is fine). The answer is the arg-max label, Neutral when its probability is below the
 * threshold. Calls to {@link #score} are serialised (one TorchScript module per process).
 */
public final class TorchScriptSentimentModel implements SentimentScorer, AutoCloseable {
    private final Model model;
    private final HuggingFaceTokenizer tokenizer;
    private final Label[] labels;
    private final int positiveIndex;
    private final double neutralThreshold;
    private final String version;

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

    @Override
    public synchronized List<Score> score(List<String> texts) {
        List<Score> out = new ArrayList<>(texts.size());
        if (texts.isEmpty()) {
            return out;
        }
        Encoding[] enc = tokenizer.batchEncode(texts);
        int len = 0;
        for (Encoding e : enc) {
            len = Math.max(len, e.getIds().length);
        }
        long[] ids = new long[texts.size() * len];
        long[] mask = new long[texts.size() * len];
        for (int i = 0; i < enc.length; i++) {
            long[] e = enc[i].getIds();
            System.arraycopy(e, 0, ids, i * len, e.length);
            for (int j = 0; j < e.length; j++) {
                mask[i * len + j] = 1;
            }
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            NDArray logits = model.getBlock().forward(new ParameterStore(m, false),
                    new NDList(m.create(ids, new Shape(texts.size(), len)), m.create(mask, new Shape(texts.size(), len))),
                    false).singletonOrThrow();
            if (logits.getShape().dimension() != 2 || logits.getShape().get(1) != labels.length) {
                throw new IllegalStateException("the model returned logits of shape " + logits.getShape() + ", expected ["
                        + texts.size() + ", " + labels.length + "] for labels " + List.of(labels));
            }
            float[] p = logits.softmax(1).toFloatArray();
            for (int i = 0; i < texts.size(); i++) {
                int best = 0;
                for (int k = 1; k < labels.length; k++) {
                    if (p[i * labels.length + k] > p[i * labels.length + best]) {
                        best = k;
                    }
                }
                double top = p[i * labels.length + best];
                Label label = top < neutralThreshold ? Label.Neutral : labels[best];
                double pPos = positiveIndex < 0 ? 0.5 : p[i * labels.length + positiveIndex];
                out.add(new Score(label, pPos, version));
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
