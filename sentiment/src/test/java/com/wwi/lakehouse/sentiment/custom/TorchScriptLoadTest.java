package com.wwi.lakehouse.sentiment.custom;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.wwi.lakehouse.sentiment.TorchScriptArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TorchScriptLoadTest {
    @TempDir
    Path dir;

    @Test
    void theHandWrittenArchiveLoadsAndRuns() throws Exception {
        float[][] w = new float[TorchScriptFixture.BUCKETS][3];
        for (int i = 0; i < w.length; i++) {
            w[i] = new float[]{i, -i, 1};
        }
        Path file = dir.resolve("tiny.pt");
        TorchScriptFixture.write(file, w);
        try (Model model = Model.newInstance("tiny", "PyTorch")) {
            model.load(dir, "tiny");
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray ids = m.create(new long[]{1, 2, 100, 0}, new Shape(1, 4));
                NDArray mask = m.create(new long[]{1, 1, 1, 0}, new Shape(1, 4));
                NDList out = model.getBlock().forward(new ParameterStore(m, false), new NDList(ids, mask), false);
                // ids 1, 2, 100 mod 97 = 3; the last token is masked
                assertArrayEquals(new float[]{6, -6, 3}, out.singletonOrThrow().toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void bfloat16BuffersLoadRoundedToNearestEven() throws Exception {
        // 1 + 2^-8 is halfway between two bfloat16 values and rounds to the even one (1.0); 1 + 3 * 2^-8 rounds up
        float[] values = {1f, 3.140625f, 1f + 1f / 256, 1f + 3f / 256, -2.5f};
        new TorchScriptArchive("Bf")
                .add("v", new long[]{values.length}, values, TorchScriptArchive.Dtype.BFLOAT16)
                .write(dir.resolve("bf.pt"), """
                          def forward(self: __torch__.Bf,
                            x: Tensor) -> Tensor:
                            return torch.add(torch.to(self.v, 6), x)
                        """);
        try (Model model = Model.newInstance("bf", "PyTorch")) {
            model.load(dir, "bf");
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDList out = model.getBlock().forward(new ParameterStore(m, false),
                        new NDList(m.zeros(new Shape(values.length))), false);
                assertArrayEquals(new float[]{1f, 3.140625f, 1f, 1f + 4f / 256, -2.5f},
                        out.singletonOrThrow().toFloatArray(), 0f);
            }
        }
    }
}
