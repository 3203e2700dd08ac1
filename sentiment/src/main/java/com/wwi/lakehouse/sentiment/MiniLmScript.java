package com.wwi.lakehouse.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The MiniLM encoder as one TorchScript module, generated from the ONNX weights: {@code forward(input_ids,
 * token_type_ids, attention_mask) -> [batch, 384]} sentence embeddings (mean pooled, L2 normalised, float32). One
 * call crosses into the engine per micro-batch instead of one per operator, the three attention projections are
 * one matrix, attention is PyTorch's fused {@code scaled_dot_product_attention}, and each linear is one
 * {@code addmm}.
 *
 * <p>{@link Precision#BFLOAT16} stores the six layers' matrices in bfloat16 and runs the layers in bfloat16; the
 * embeddings, the first layer norm and the pooling stay float32, and only float32 and int64 tensors cross the
 * boundary (DJL 0.36 aborts the JVM on a bfloat16 NDArray, so none is ever made on the Java side). Where oneDNN
 * runs bfloat16 natively ({@link #onednnBfloat16}: AVX512 BW/VL/DQ, and AMX or AVX512-BF16 for speed), the module
 * hands every matrix to oneDNN once, when it loads, in the blocked layout its kernels read ({@code
 * mkldnn::_reorder_linear_weight} in {@code __setstate__}), and each linear is oneDNN's {@code _linear_pointwise}
 * with its follower fused in: GELU after the intermediate matrix, the residual add after the attention output and
 * the output matrix. Elsewhere (an AVX2 CPU, where PyTorch emulates bfloat16) it is plain {@code torch.linear}.
 */
public final class MiniLmScript {
    /** The arithmetic the encoder's layers run in. */
    public enum Precision {
        FLOAT32, BFLOAT16, INT8;

        /** The TorchScript / ATen ScalarType code of the layers' activations. */
        int scalarType() {
            return this == BFLOAT16 ? 15 : 6;
        }

        TorchScriptArchive.Dtype dtype() {
            return this == BFLOAT16 ? TorchScriptArchive.Dtype.BFLOAT16 : TorchScriptArchive.Dtype.FLOAT32;
        }

        /** The name in settings and in the model version: {@code float32}, {@code bfloat16}, {@code int8}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * The precision a setting asks for: {@code float32}, {@code int8}, {@code bfloat16}, or {@code auto} (or
         * nothing) for {@link #probe(String)} of this machine's CPU.
         */
        public static Precision of(String setting, String cpuFlags) {
            String s = setting == null ? "auto" : setting.strip().toLowerCase(java.util.Locale.ROOT);
            return switch (s) {
                case "", "auto" -> probe(cpuFlags);
                case "float32", "fp32" -> FLOAT32;
                case "int8" -> INT8;
                case "bfloat16", "bf16" -> BFLOAT16;
                default -> throw new IllegalArgumentException(SETTING + "=" + setting
                        + " is not one of auto, float32, int8, bfloat16");
            };
        }

        /**
         * The capability probe. It only reads the CPU's flags (it runs no kernel, so it cannot crash the worker):
         * bfloat16 where the CPU multiplies bfloat16 matrices in hardware, that is AMX-BF16 (Sapphire Rapids and
         * later: 2.7-2.9x float32 on the whole model) or AVX512-BF16 with the AVX512 BW/VL/DQ oneDNN needs (AMD Zen 4
         * and later, Cooper Lake: 2.1-2.2x); the labels match float32's on 99.6 % of campaign tweets. Otherwise
         * float32: without either, PyTorch emulates bfloat16 (7x slower than float32 on an AVX2 CPU). int8 is never
         * chosen by itself: it is faster still, but gives float32's label on only about 97.5 % of tweets; set it
         * where that is acceptable.
         */
        public static Precision probe(String cpuFlags) {
            boolean bf16Hardware = x86Has(cpuFlags, java.util.List.of("amx_bf16"))
                    || x86Has(cpuFlags, java.util.List.of("avx512_bf16")) && onednnBfloat16(cpuFlags);
            return bf16Hardware ? BFLOAT16 : FLOAT32;
        }

        /** The precision configured for this process ({@value #SETTING}, else {@code auto}). */
        public static Precision configured() {
            String s = System.getenv(SETTING);
            if (s == null) {
                s = System.getProperty("lakehouse.sentiment.precision");
            }
            return of(s, cpuFlags());
        }

        /** The {@code flags} line of {@code /proc/cpuinfo}, or null where there is none. */
        public static String cpuFlags() {
            try (var lines = java.nio.file.Files.lines(Path.of("/proc/cpuinfo"))) {
                return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.substring(l.indexOf(':') + 1))
                        .orElse(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    /** The setting that forces a precision: {@code auto} (default), {@code float32}, {@code int8}, {@code bfloat16}. */
    public static final String SETTING = "LAKEHOUSE_SENTIMENT_PRECISION";

    private MiniLmScript() {
    }

    /**
     * Whether PyTorch's oneDNN can run bfloat16 matrices on a CPU with these {@code /proc/cpuinfo} flags: it refuses
     * to pack bfloat16 weights without AVX512 BW, VL and DQ.
     */
    public static boolean onednnBfloat16(String cpuFlags) {
        return x86Has(cpuFlags, java.util.List.of("avx512bw", "avx512vl", "avx512dq"));
    }

    /** Whether this JVM runs on x86-64 and the {@code /proc/cpuinfo} flags (null: unknown) hold all of {@code wanted}. */
    static boolean x86Has(String cpuFlags, java.util.List<String> wanted) {
        String arch = System.getProperty("os.arch", "");
        return (arch.equals("amd64") || arch.equals("x86_64")) && cpuFlags != null
                && Arrays.asList(cpuFlags.strip().split("\\s+")).containsAll(wanted);
    }

    /** Writes the module for {@code precision} on this machine to {@code file}. */
    public static void write(OnnxWeights onnx, Precision precision, Path file) throws IOException {
        write(onnx, precision, precision == Precision.BFLOAT16 && onednnBfloat16(Precision.cpuFlags()), file);
    }

    /**
     * Writes the module for {@code precision} to {@code file}; {@code onednn}: bfloat16 matrices packed for oneDNN
     * at load, with fused followers (only where {@link #onednnBfloat16} holds; elsewhere the module does not load).
     */
    public static void write(OnnxWeights onnx, Precision precision, boolean onednn, Path file) throws IOException {
        if (onednn && precision != Precision.BFLOAT16) {
            throw new IllegalArgumentException("oneDNN packing is for bfloat16, not " + precision.label());
        }
        TorchScriptArchive a = new TorchScriptArchive("MiniLm");
        TorchScriptArchive.Dtype f32 = TorchScriptArchive.Dtype.FLOAT32;
        a.add("word", shape(MiniLmEncoder.VOCAB, MiniLmEncoder.HIDDEN),
                data(onnx, "embeddings.word_embeddings.weight"), f32);
        a.add("pos", shape(MiniLmEncoder.MAX_POSITIONS, MiniLmEncoder.HIDDEN),
                data(onnx, "embeddings.position_embeddings.weight"), f32);
        a.add("type", shape(2, MiniLmEncoder.HIDDEN), data(onnx, "embeddings.token_type_embeddings.weight"), f32);
        a.add("eln_g", shape(MiniLmEncoder.HIDDEN), data(onnx, "embeddings.LayerNorm.weight"), f32);
        a.add("eln_b", shape(MiniLmEncoder.HIDDEN), data(onnx, "embeddings.LayerNorm.bias"), f32);
        Map<String, String> matmul = MiniLmEncoder.matMulWeightNames(onnx);
        TorchScriptArchive.Dtype t = precision.dtype();
        int h = MiniLmEncoder.HIDDEN;
        int inter = MiniLmEncoder.INTERMEDIATE;
        for (int l = 0; l < MiniLmEncoder.LAYERS; l++) {
            String p = "encoder.layer." + l + ".";
            String n = "l" + l + "_";
            float[] q = transpose(data(onnx, matmul.get(p + "attention.self.query")), h, h);
            float[] k = transpose(data(onnx, matmul.get(p + "attention.self.key")), h, h);
            float[] v = transpose(data(onnx, matmul.get(p + "attention.self.value")), h, h);
            linear(a, precision, onednn, n + "qkv", shape(3 * h, h), concat(q, k, v), concat(
                    data(onnx, p + "attention.self.query.bias"), data(onnx, p + "attention.self.key.bias"),
                    data(onnx, p + "attention.self.value.bias")));
            linear(a, precision, onednn, n + "o", shape(h, h), transpose(data(onnx, matmul.get(p + "attention.output.dense")),
                    h, h), data(onnx, p + "attention.output.dense.bias"));
            a.add(n + "ln1_g", shape(h), data(onnx, p + "attention.output.LayerNorm.weight"), t);
            a.add(n + "ln1_b", shape(h), data(onnx, p + "attention.output.LayerNorm.bias"), t);
            linear(a, precision, onednn, n + "i", shape(inter, h), transpose(data(onnx, matmul.get(p + "intermediate.dense")),
                    h, inter), data(onnx, p + "intermediate.dense.bias"));
            linear(a, precision, onednn, n + "f", shape(h, inter), transpose(data(onnx, matmul.get(p + "output.dense")),
                    inter, h), data(onnx, p + "output.dense.bias"));
            a.add(n + "ln2_g", shape(h), data(onnx, p + "output.LayerNorm.weight"), t);
            a.add(n + "ln2_b", shape(h), data(onnx, p + "output.LayerNorm.bias"), t);
        }
        boolean packed = precision == Precision.INT8 || onednn;
        if (packed) {
            a.tensorsOnlyState();
        }
        a.write(file, (packed ? setState(a, precision) : "") + forward(precision, onednn));
    }

    /**
     * A layer matrix [out, in] and its bias; in int8 they only feed {@code __setstate__}'s packing, packed for oneDNN
     * the matrix does.
     */
    private static void linear(TorchScriptArchive a, Precision precision, boolean onednn, String name, long[] shape,
                               float[] w, float[] bias) {
        if (onednn) {
            a.addStateOnly(name + "_w", shape, w, TorchScriptArchive.Dtype.BFLOAT16);
            a.add(name + "_b", shape(shape[0]), bias, TorchScriptArchive.Dtype.BFLOAT16);
        } else if (precision == Precision.INT8) {
            a.addStateOnly(name + "_w", shape, w, TorchScriptArchive.Dtype.FLOAT32);
            a.addStateOnly(name + "_b", shape(shape[0]), bias, TorchScriptArchive.Dtype.FLOAT32);
        } else {
            a.add(name + "_w", shape, w, precision.dtype());
            a.add(name + "_b", shape(shape[0]), bias, precision.dtype());
        }
    }

    /** The forward method (TorchScript as {@code torch.jit.save} writes it: ATen ops, dtype codes as ints). */
    static String forward(Precision precision, boolean onednn) {
        java.util.function.BiFunction<String, String, String> linear = (x, w) -> precision == Precision.INT8
                ? "ops.quantized.linear_dynamic(" + x + ", self." + w + ", False)"
                : onednn ? pointwise(x, w, "none", "\"\"")
                : "torch.linear(" + x + ", self." + w + "_w, self." + w + "_b)";
        StringBuilder c = new StringBuilder();
        c.append("""
                  def forward(self: __torch__.MiniLm,
                    input_ids: Tensor,
                    token_type_ids: Tensor,
                    attention_mask: Tensor) -> Tensor:
                    b = torch.size(input_ids, 0)
                    n = torch.size(input_ids, 1)
                    x = torch.embedding(self.word, input_ids)
                    x = torch.add(x, torch.embedding(self.type, token_type_ids))
                    x = torch.add(x, torch.slice(self.pos, 0, 0, n))
                    x = torch.layer_norm(x, [384], self.eln_g, self.eln_b, 9.9999999999999998e-13)
                    keep = torch.unsqueeze(torch.unsqueeze(torch.gt(attention_mask, 0), 1), 1)
                """);
        c.append("    x = torch.to(x, ").append(precision.scalarType()).append(")\n");
        for (int l = 0; l < MiniLmEncoder.LAYERS; l++) {
            String s = "self.l" + l + "_";
            String w = "l" + l + "_";
            c.append("    qkv = torch.permute(torch.view(").append(linear.apply("x", w + "qkv"))
                    .append(", [b, n, 3, 12, 32]), [2, 0, 3, 1, 4])\n");
            c.append("    ctx = torch.scaled_dot_product_attention(torch.select(qkv, 0, 0), torch.select(qkv, 0, 1),"
                    + " torch.select(qkv, 0, 2), keep)\n");
            c.append("    ctx = torch.reshape(torch.transpose(ctx, 1, 2), [b, n, 384])\n");
            if (onednn) {
                c.append("    x = torch.layer_norm(").append(residual("ctx", w + "o")).append(", [384], ").append(s)
                        .append("ln1_g, ").append(s).append("ln1_b, 9.9999999999999998e-13)\n");
                c.append("    y = ").append(pointwise("x", w + "i", "gelu", "\"none\"")).append("\n");
                c.append("    x = torch.layer_norm(").append(residual("y", w + "f")).append(", [384], ").append(s)
                        .append("ln2_g, ").append(s).append("ln2_b, 9.9999999999999998e-13)\n");
                continue;
            }
            c.append("    x = torch.layer_norm(torch.add(").append(linear.apply("ctx", w + "o"))
                    .append(", x), [384], ").append(s).append("ln1_g, ").append(s)
                    .append("ln1_b, 9.9999999999999998e-13)\n");
            c.append("    y = torch.gelu(").append(linear.apply("x", w + "i")).append(")\n");
            c.append("    x = torch.layer_norm(torch.add(").append(linear.apply("y", w + "f"))
                    .append(", x), [384], ").append(s).append("ln2_g, ").append(s)
                    .append("ln2_b, 9.9999999999999998e-13)\n");
        }
        c.append("""
                    x = torch.to(x, 6)
                    m = torch.unsqueeze(torch.to(attention_mask, 6), -1)
                    mean = torch.div(torch.sum(torch.mul(x, m), [1]), torch.clamp_min(torch.sum(m, [1]), 1.0000000000000001e-09))
                    return torch.div(mean, torch.clamp_min(torch.norm(mean, 2, [1], True), 9.9999999999999998e-13))
                """);
        return c.toString();
    }

    /** oneDNN's linear of {@code x} by packed matrix {@code w} with a fused unary follower ({@code attr}). */
    private static String pointwise(String x, String w, String attr, String algorithm) {
        return "ops.mkldnn._linear_pointwise(" + x + ", self." + w + "_w, self." + w + "_b, \"" + attr
                + "\", annotate(List[Optional[number]], []), " + algorithm + ")";
    }

    /** oneDNN's linear of {@code x} by packed matrix {@code w}, plus the residual {@code x} of the layer, fused. */
    private static String residual(String x, String w) {
        return "ops.mkldnn._linear_pointwise(" + x + ", x, self." + w + "_w, self." + w + "_b, \"add\")";
    }

    /** The matrices a layer multiplies by, as named in the archive ({@code l<N>_<name>_w}, {@code _b}). */
    static final java.util.List<String> LINEARS = java.util.List.of("qkv", "o", "i", "f");

    /**
     * For {@link Precision#INT8}: {@code __setstate__}, run once when the module loads, sets every buffer from the
     * pickled state and quantizes each layer matrix per output channel (symmetric int8, scale = max |w| / 127) into
     * fbgemm's packed form, kept as an attribute; {@code forward} then multiplies with int8 weights and activations
     * quantized per batch to 8 bits ({@code linear_dynamic} without the reduced range: 7-bit activations gave the
     * float32 label on 95 % of campaign tweets, 8-bit on 97.5 %). For bfloat16 packed for oneDNN: sets every buffer
     * and reorders each layer matrix into oneDNN's blocked layout (an opaque tensor, kept as an attribute).
     */
    static String setState(TorchScriptArchive a, Precision precision) {
        boolean int8 = precision == Precision.INT8;
        StringBuilder c = new StringBuilder();
        for (int l = 0; l < MiniLmEncoder.LAYERS; l++) {
            for (String w : LINEARS) {
                c.append("  l").append(l).append('_').append(w)
                        .append(int8 ? " : __torch__.torch.classes.quantized.LinearPackedParamsBase\n" : "_w : Tensor\n");
            }
        }
        c.append("  def __getstate__(self: __torch__.MiniLm) -> Dict[str, Tensor]:\n");
        c.append("    return {\"word\": self.word}\n");
        c.append("  def __setstate__(self: __torch__.MiniLm,\n    state: Dict[str, Tensor]) -> None:\n");
        c.append("    self.training = False\n");
        for (TorchScriptArchive.Buffer b : a.buffers().stream().filter(TorchScriptArchive.Buffer::attribute).toList()) {
            c.append("    self.").append(b.name()).append(" = state[\"").append(b.name()).append("\"]\n");
        }
        for (int l = 0; l < MiniLmEncoder.LAYERS; l++) {
            for (String w : LINEARS) {
                String n = "l" + l + "_" + w;
                if (!int8) {
                    c.append("    self.").append(n).append("_w = ops.mkldnn._reorder_linear_weight(state[\"").append(n)
                            .append("_w\"], None)\n");
                    continue;
                }
                c.append("    self.").append(n).append(" = ops.quantized.linear_prepack(torch.quantize_per_channel(state[\"")
                        .append(n).append("_w\"], torch.div(torch.clamp_min(torch.amax(torch.abs(state[\"").append(n)
                        .append("_w\"]), [1]), 1.0000000000000001e-12), 127.), torch.zeros([torch.size(state[\"").append(n)
                        .append("_w\"], 0)], dtype=4), 0, 12), state[\"").append(n).append("_b\"])\n");
            }
        }
        c.append("    return None\n");
        return c.toString();
    }

    private static long[] shape(long... dims) {
        return dims;
    }

    private static float[] data(OnnxWeights onnx, String name) {
        OnnxWeights.Tensor t = onnx.tensor(name);
        if (t.dataType() != OnnxWeights.FLOAT) {
            throw new IllegalStateException(name + ": expected float, got " + t);
        }
        return t.data();
    }

    /** [rows, cols] row-major to [cols, rows]. */
    static float[] transpose(float[] m, int rows, int cols) {
        if (m.length != rows * cols) {
            throw new IllegalStateException("expected " + rows + "x" + cols + ", got " + m.length + " values");
        }
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = Arrays.copyOf(parts[0], n);
        int at = parts[0].length;
        for (int i = 1; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, at, parts[i].length);
            at += parts[i].length;
        }
        return out;
    }
}
