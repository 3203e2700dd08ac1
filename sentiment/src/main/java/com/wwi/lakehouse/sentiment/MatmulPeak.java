package com.wwi.lakehouse.sentiment;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.wwi.lakehouse.sentiment.MiniLmScript.Precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The machine's matrix-multiply peak on the same engine and threads the encoder uses, in each precision the encoder
 * can run in, measured the same way: a TorchScript module multiplies an n×n activation by an n×n weight
 * {@value #REPS} times per call (float32 {@code linear}; bfloat16 as the encoder runs it, oneDNN's {@code
 * _linear_pointwise} on a weight packed once per call where {@link MiniLmScript#onednnBfloat16} holds, else {@code
 * linear} on bfloat16 operands; int8 {@code linear_dynamic} on weights packed once per call), called side by side
 * on the encoder's {@link Workers} (one call per core, as the encoder's micro-batches run), best of several rounds,
 * printed as GFLOP/s. The encoder's throughput is compared with it.
 */
public final class MatmulPeak {
    static final int REPS = 10;

    private MatmulPeak() {
    }

    public static void main(String[] args) throws Exception {
        DjlDefaults.apply();
        for (Precision p : Precision.values()) {
            System.out.printf("%s peak: %.1f GFLOP/s%n", p.label(), peak(p, System.out));
        }
    }

    /** The best GFLOP/s over squares of 384, 768, 1536 and 2048 in {@code precision}. */
    public static double peak(Precision precision, java.io.PrintStream out) throws IOException {
        double best = 0;
        for (int n : new int[]{384, 768, 1536, 2048}) {
            double g = gflops(precision, n);
            out.printf("  %-8s matmul %4d x %4d: %6.1f GFLOP/s%n", precision.label(), n, n, g);
            best = Math.max(best, g);
        }
        return best;
    }

    static double gflops(Precision precision, int n) throws IOException {
        Path dir = Files.createTempDirectory("peak-");
        try {
            float[] w = new float[n * n];
            Random r = new Random(n);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian() * 0.05f;
            }
            TorchScriptArchive a = new TorchScriptArchive("Peak")
                    .add("w", new long[]{n, n}, w, precision == Precision.BFLOAT16
                            ? TorchScriptArchive.Dtype.BFLOAT16 : TorchScriptArchive.Dtype.FLOAT32);
            boolean onednn = precision == Precision.BFLOAT16 && MiniLmScript.onednnBfloat16(Precision.cpuFlags());
            String mul = switch (precision) {
                case FLOAT32 -> "torch.linear(torch.add(x, i), self.w)";
                case BFLOAT16 -> onednn ? "ops.mkldnn._linear_pointwise(torch.to(torch.add(x, i), 15), p, None, \"none\", "
                        + "annotate(List[Optional[number]], []), \"\")" : "torch.linear(torch.to(torch.add(x, i), 15), self.w)";
                case INT8 -> "ops.quantized.linear_dynamic(torch.add(x, i), p, False)";
            };
            String pack = precision == Precision.INT8 ? "    p = ops.quantized.linear_prepack(torch.quantize_per_channel("
                    + "self.w, torch.div(torch.amax(torch.abs(self.w), [1]), 127.), torch.zeros([" + n
                    + "], dtype=4), 0, 12), None)\n"
                    : onednn ? "    p = ops.mkldnn._reorder_linear_weight(self.w, None)\n" : "";
            a.write(dir.resolve("peak.pt"), "  def forward(self: __torch__.Peak,\n    x: Tensor) -> Tensor:\n" + pack
                    + "    y = torch.zeros([1])\n    for i in range(" + REPS + "):\n      y = torch.add(y, torch.sum(torch.to("
                    + mul + ", 6)))\n    return y\n");
            try (Model model = Model.newInstance("peak", "PyTorch"); Workers workers = new Workers("matmul-peak")) {
                model.load(dir, "peak");
                int calls = Math.max(2, (int) (4e10 / (2.0 * n * n * n * REPS))) * workers.count();
                Workers.Range run = (from, to) -> {
                    try (NDManager m = model.getNDManager().newSubManager()) {
                        NDList in = new NDList(m.randomUniform(-1, 1, new Shape(n, n)));
                        for (int c = from; c < to; c++) {
                            model.getBlock().forward(new ParameterStore(m, false), in, false).singletonOrThrow()
                                    .toFloatArray();
                        }
                    }
                };
                workers.run(2 * workers.count(), 1, run); // warm-up: two calls per worker
                double best = 0;
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    workers.run(calls, (calls + workers.count() - 1) / workers.count(), run); // a share per worker
                    double secs = (System.nanoTime() - t0) / 1e9;
                    best = Math.max(best, 2.0 * n * n * n * REPS * calls / secs / 1e9);
                }
                return best;
            } catch (ai.djl.MalformedModelException e) {
                throw new IOException(e);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
