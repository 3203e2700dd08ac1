package com.wwi.lakehouse.sentiment;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxWeightsTest {

    /** A tiny protobuf writer, just enough to build test models. */
    private static final class Pb {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Pb tag(int field, int wire) {
            return varint((long) field << 3 | wire);
        }

        Pb bytes(int field, byte[] b) {
            tag(field, 2).varint(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Pb str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Pb msg(int field, Pb m) {
            return bytes(field, m.out.toByteArray());
        }

        Pb int64(int field, long v) {
            return tag(field, 0).varint(v);
        }

        Pb fixed32(int field, float f) {
            tag(field, 5);
            int b = Float.floatToIntBits(f);
            for (int i = 0; i < 4; i++) {
                out.write(b >>> (8 * i));
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    @Test
    void decodesRawPackedAndUnpackedTensorsAndNodes() {
        ByteBuffer raw = ByteBuffer.allocate(6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            raw.putFloat(i * 0.5f - 1f);
        }
        Pb rawTensor = new Pb().int64(1, 2).int64(1, 3).int64(2, 1).str(8, "w").bytes(9, raw.array());
        Pb packedDims = new Pb();
        packedDims.varint(2);
        Pb floatTensor = new Pb().bytes(1, packedDims.bytes()).int64(2, 1)
                .fixed32(4, 3.5f).fixed32(4, -2f).str(8, "b");
        Pb node = new Pb().str(1, "x").str(1, "w").str(2, "y").str(3, "/mm/MatMul").str(4, "MatMul")
                .msg(5, new Pb().str(1, "alpha").fixed32(2, 0.25f));
        Pb graph = new Pb().msg(1, node).str(2, "g").msg(5, rawTensor).msg(5, floatTensor)
                .msg(11, new Pb().str(1, "x")).msg(12, new Pb().str(1, "y"));
        byte[] model = new Pb().int64(1, 8).str(2, "test").msg(7, graph).bytes();

        OnnxWeights w = OnnxWeights.read(model);
        assertEquals(List.of("w", "b"), List.copyOf(w.initializers().keySet()));
        assertArrayEquals(new long[] {2, 3}, w.tensor("w").shape());
        assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0.5f, 1f, 1.5f}, w.tensor("w").data());
        assertArrayEquals(new long[] {2}, w.tensor("b").shape());
        assertArrayEquals(new float[] {3.5f, -2f}, w.tensor("b").data());
        assertEquals(1, w.nodes().size());
        OnnxWeights.Node n = w.nodes().get(0);
        assertEquals("MatMul", n.opType());
        assertEquals(List.of("x", "w"), n.inputs());
        assertEquals(List.of("y"), n.outputs());
        assertEquals(0.25f, n.attribute("alpha").f());
        assertEquals(List.of("x"), w.graphInputs());
        assertEquals(List.of("y"), w.graphOutputs());
    }

    @Test
    void rejectsTruncatedInput() {
        byte[] model = new Pb().msg(7, new Pb().msg(5, new Pb().str(8, "w"))).bytes();
        byte[] cut = Arrays.copyOf(model, model.length - 1);
        assertThrows(IllegalArgumentException.class, () -> OnnxWeights.read(cut));
        assertThrows(IllegalArgumentException.class, () -> OnnxWeights.read(new byte[0]));
    }

    @Test
    void readsTheMiniLmExport() throws Exception {
        OnnxWeights w;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MiniLmEncoder.ONNX_RESOURCE)) {
            w = OnnxWeights.read(in);
        }
        assertEquals(List.of("input_ids", "attention_mask", "token_type_ids"), w.graphInputs());
        assertEquals(List.of("last_hidden_state"), w.graphOutputs());
        assertEquals(102, w.initializers().size());
        long floats = w.initializers().values().stream()
                .filter(t -> t.dataType() == OnnxWeights.FLOAT).mapToLong(OnnxWeights.Tensor::size).sum();
        assertEquals(22_565_376L, floats);
        long autoNamed = w.initializers().keySet().stream().filter(k -> k.startsWith("onnx::MatMul_")).count();
        assertEquals(36, autoNamed);

        Map<String, String> m = MiniLmEncoder.matMulWeightNames(w);
        assertEquals(36, m.size());
        assertEquals("onnx::MatMul_787", m.get("encoder.layer.0.attention.self.query"));
        assertEquals("onnx::MatMul_799", m.get("encoder.layer.0.output.dense"));
        assertEquals("onnx::MatMul_864", m.get("encoder.layer.5.output.dense"));
        assertArrayEquals(new long[] {384, 1536}, w.tensor(m.get("encoder.layer.3.intermediate.dense")).shape());

        float[] pos = w.tensor("embeddings.position_ids").data();
        for (int i = 0; i < pos.length; i++) {
            assertEquals(i, pos[i]);
        }
        assertTrue(w.nodes().stream().anyMatch(n -> n.opType().equals("Erf")), "exact GELU");
    }
}
