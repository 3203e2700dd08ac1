package com.wwi.lakehouse.sentiment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The machine's matrix-multiply peak on the same engine and threads the encoder uses: float32 GEMMs of a few
 * sizes through PyTorch, best of several runs, printed as GFLOP/s. The encoder's throughput is compared with it.
 */
public final class MatmulPeak {
    private MatmulPeak() {
    }

    public static void main(String[] args) {
        double best = 0;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (int n : new int[]{384, 768, 1536, 2048}) {
                NDArray a = m.randomUniform(-1, 1, new Shape(n, n));
                NDArray b = m.randomUniform(-1, 1, new Shape(n, n));
                for (int warm = 0; warm < 3; warm++) {
                    a.matMul(b).close();
                }
                int reps = Math.max(3, (int) (2e10 / (2.0 * n * n * n)));
                double bestN = 0;
                for (int round = 0; round < 3; round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < reps; i++) {
                        NDArray c = a.matMul(b);
                        c.toFloatArray(); // force completion
                        c.close();
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    bestN = Math.max(bestN, 2.0 * n * n * n * reps / secs / 1e9);
                }
                System.out.printf("matmul %4d x %4d: %6.1f GFLOP/s%n", n, n, bestN);
                best = Math.max(best, bestN);
            }
        }
        System.out.printf("peak: %.1f GFLOP/s%n", best);
    }
}
