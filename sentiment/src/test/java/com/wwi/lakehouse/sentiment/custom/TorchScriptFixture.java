package com.wwi.lakehouse.sentiment.custom;

import com.wwi.lakehouse.sentiment.TorchScriptArchive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tiny TorchScript sequence classifier written without Python ({@link TorchScriptArchive}): {@code logits = sum
 * over unmasked tokens of weight[input_ids mod 97]}, weight [97, 3] given by the caller, so a test knows every logit
 * in advance.
 */
final class TorchScriptFixture {
    static final int BUCKETS = 97;
    static final String FORWARD = """
              def forward(self: __torch__.TinyClassifier,
                input_ids: Tensor,
                attention_mask: Tensor) -> Tensor:
                ids = torch.remainder(input_ids, 97)
                emb = torch.embedding(self.weight, ids)
                mask = torch.unsqueeze(torch.to(attention_mask, 6), -1)
                return torch.sum(torch.mul(emb, mask), [1])
            """;

    private TorchScriptFixture() {
    }

    static void write(Path file, float[][] weight) throws IOException {
        int classes = weight[0].length;
        float[] flat = new float[BUCKETS * classes];
        for (int i = 0; i < BUCKETS; i++) {
            System.arraycopy(weight[i], 0, flat, i * classes, classes);
        }
        new TorchScriptArchive("TinyClassifier")
                .add("weight", new long[]{BUCKETS, classes}, flat, TorchScriptArchive.Dtype.FLOAT32)
                .write(file, FORWARD);
    }
}
