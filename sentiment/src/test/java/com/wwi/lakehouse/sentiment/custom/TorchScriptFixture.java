package com.wwi.lakehouse.sentiment.custom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a tiny TorchScript sequence classifier without Python: the archive {@code torch.jit.save} produces (a
 * stored zip with {@code version}, {@code data.pkl}, {@code constants.pkl}, {@code code/__torch__.py} and the
 * tensor storage), written byte by byte. The model: {@code logits = sum over unmasked tokens of
 * weight[input_ids mod 97]}, weight [97, 3] given by the caller, so a test knows every logit in advance.
 */
final class TorchScriptFixture {
    static final int BUCKETS = 97;
    static final String CODE = """
            op_version_set = 1
            class TinyClassifier(Module):
              __parameters__ = ["weight", ]
              __buffers__ = []
              weight : Tensor
              training : bool
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
        ByteBuffer storage = ByteBuffer.allocate(BUCKETS * classes * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : weight) {
            for (float v : row) {
                storage.putFloat(v);
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/data.pkl", dataPkl(classes));
            stored(zip, "archive/constants.pkl", new byte[]{(byte) 0x80, 2, ')', '.'});
            stored(zip, "archive/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
            stored(zip, "archive/data/0", storage.array());
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /** The pickled module: __torch__.TinyClassifier with {training: True, weight: Tensor[97, classes]}. */
    private static byte[] dataPkl(int classes) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x80);
        o.write(2);
        global(o, "__torch__", "TinyClassifier");
        o.write(')');
        o.write(0x81); // NEWOBJ
        o.write('}');
        o.write('(');
        str(o, "training");
        o.write(0x88); // True
        str(o, "weight");
        global(o, "torch._utils", "_rebuild_tensor_v2");
        o.write('(');
        o.write('(');
        str(o, "storage");
        global(o, "torch", "FloatStorage");
        str(o, "0");
        str(o, "cpu");
        binint(o, BUCKETS * classes);
        o.write('t');
        o.write('Q'); // BINPERSID
        binint(o, 0);
        o.write('(');
        binint(o, BUCKETS);
        binint(o, classes);
        o.write('t');
        o.write('(');
        binint(o, classes);
        binint(o, 1);
        o.write('t');
        o.write(0x89); // False: requires_grad
        global(o, "collections", "OrderedDict");
        o.write(')');
        o.write('R');
        o.write('t');
        o.write('R');
        o.write('u'); // SETITEMS
        o.write('b'); // BUILD
        o.write('.');
        return o.toByteArray();
    }

    private static void global(OutputStream o, String module, String name) {
        write(o, ("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static void str(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.write('X');
        o.write(b.length);
        o.write(b.length >>> 8);
        o.write(b.length >>> 16);
        o.write(b.length >>> 24);
        o.write(b, 0, b.length);
    }

    private static void binint(ByteArrayOutputStream o, int v) {
        o.write('J');
        o.write(v);
        o.write(v >>> 8);
        o.write(v >>> 16);
        o.write(v >>> 24);
    }

    private static void write(OutputStream o, byte[] b) {
        try {
            o.write(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
