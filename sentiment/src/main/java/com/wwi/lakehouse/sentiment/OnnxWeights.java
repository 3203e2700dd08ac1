package com.wwi.lakehouse.sentiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal reader for the ONNX protobuf ({@code ModelProto}) that returns the graph's
 * initializers as named tensors and its nodes in graph order. The protobuf wire format is
 * decoded by hand (no protobuf or ONNX library); only the fields needed here are read, all
 * others are skipped:
 *
 * <pre>
 * ModelProto   7: graph (GraphProto)
 * GraphProto   1: node (NodeProto, repeated)   5: initializer (TensorProto, repeated)
 *              11: input (ValueInfoProto)      12: output (ValueInfoProto)
 * NodeProto    1: input  2: output  3: name  4: op_type   (all strings)  5: attribute
 * AttributeProto 1: name  2: f  3: i  4: s  5: t (TensorProto)  7: floats  8: ints
 * TensorProto  1: dims (int64, packed or not)  2: data_type  4: float_data (packed or not)
 *              7: int64_data (packed or not)   8: name       9: raw_data (little-endian)
 *              14: data_location (1 = EXTERNAL, not supported)
 * ValueInfoProto 1: name
 * </pre>
 *
 * <p>Only FLOAT (data_type 1) and INT64 (7) tensors carry their values here; INT64 values are
 * exposed as floats as well (they are small, e.g. {@code position_ids}). Other types are kept
 * with shape and an empty value array. Instances are immutable after {@link #read}.
 */
public final class OnnxWeights {

    /** ONNX TensorProto.DataType FLOAT. */
    public static final int FLOAT = 1;
    /** ONNX TensorProto.DataType INT64. */
    public static final int INT64 = 7;

    /** A named tensor: shape and row-major values. */
    public record Tensor(String name, long[] shape, int dataType, float[] data) {
        public Tensor {
            Objects.requireNonNull(name);
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        public long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " type=" + dataType;
        }
    }

    /**
     * A node attribute (AttributeProto: name=1, f=2, i=3, s=4, t=5, floats=7, ints=8); only the
     * scalar, tensor and list kinds used by simple exports are read.
     */
    public record Attribute(String name, Float f, Long i, String s, Tensor t, long[] ints, float[] floats) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(name).append('=');
            if (f != null) {
                b.append(f);
            } else if (i != null) {
                b.append(i);
            } else if (s != null) {
                b.append('"').append(s).append('"');
            } else if (t != null) {
                b.append(t).append(t.data().length <= 8 ? Arrays.toString(t.data()) : "");
            } else if (ints.length > 0) {
                b.append(Arrays.toString(ints));
            } else {
                b.append(Arrays.toString(floats));
            }
            return b.toString();
        }
    }

    /** A graph node (operator application): its inputs and outputs are value names. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs,
                       List<Attribute> attributes) {
        public Node {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = List.copyOf(attributes);
        }

        /** The attribute named {@code name}, or null. */
        public Attribute attribute(String attrName) {
            for (Attribute a : attributes) {
                if (a.name().equals(attrName)) {
                    return a;
                }
            }
            return null;
        }
    }

    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;
    private final List<String> graphInputs;
    private final List<String> graphOutputs;

    private OnnxWeights(Map<String, Tensor> initializers, List<Node> nodes,
                        List<String> graphInputs, List<String> graphOutputs) {
        this.initializers = Collections.unmodifiableMap(initializers);
        this.nodes = List.copyOf(nodes);
        this.graphInputs = List.copyOf(graphInputs);
        this.graphOutputs = List.copyOf(graphOutputs);
    }

    /** Initializers by name, in file order. */
    public Map<String, Tensor> initializers() {
        return initializers;
    }

    /** The tensor named {@code name}; fails if absent. */
    public Tensor tensor(String name) {
        Tensor t = initializers.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no initializer named " + name);
        }
        return t;
    }

    /** Nodes in graph (topological, as stored) order. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<String> graphInputs() {
        return graphInputs;
    }

    public List<String> graphOutputs() {
        return graphOutputs;
    }

    public static OnnxWeights read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static OnnxWeights read(InputStream in) throws IOException {
        return read(in.readAllBytes());
    }

    public static OnnxWeights read(byte[] model) {
        Map<String, Tensor> inits = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        Reader m = new Reader(model, 0, model.length);
        boolean sawGraph = false;
        while (m.hasMore()) {
            long key = m.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 7 && wire == 2) {
                sawGraph = true;
                readGraph(m.sub(), inits, nodes, inputs, outputs);
            } else {
                m.skip(wire);
            }
        }
        if (!sawGraph) {
            throw new IllegalArgumentException("not an ONNX ModelProto: no graph (field 7)");
        }
        return new OnnxWeights(inits, nodes, inputs, outputs);
    }

    private static void readGraph(Reader g, Map<String, Tensor> inits, List<Node> nodes,
                                  List<String> inputs, List<String> outputs) {
        int unnamed = 0;
        while (g.hasMore()) {
            long key = g.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire != 2) {
                g.skip(wire);
                continue;
            }
            switch (field) {
                case 1 -> nodes.add(readNode(g.sub()));
                case 5 -> {
                    Tensor t = readTensor(g.sub());
                    String name = t.name().isEmpty() ? "__unnamed_initializer_" + (unnamed++) : t.name();
                    if (!name.equals(t.name())) {
                        t = new Tensor(name, t.shape(), t.dataType(), t.data());
                    }
                    if (inits.put(name, t) != null) {
                        throw new IllegalArgumentException("duplicate initializer " + name);
                    }
                }
                case 11 -> inputs.add(readValueInfoName(g.sub()));
                case 12 -> outputs.add(readValueInfoName(g.sub()));
                default -> g.skip(wire);
            }
        }
    }

    private static String readValueInfoName(Reader r) {
        String name = "";
        while (r.hasMore()) {
            long key = r.varint();
            if ((key >>> 3) == 1 && (key & 7) == 2) {
                name = r.string();
            } else {
                r.skip((int) (key & 7));
            }
        }
        return name;
    }

    private static Node readNode(Reader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String name = "";
        String op = "";
        List<Attribute> attrs = new ArrayList<>();
        while (r.hasMore()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (wire != 2) {
                r.skip(wire);
                continue;
            }
            switch (field) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 3 -> name = r.string();
                case 4 -> op = r.string();
                case 5 -> attrs.add(readAttribute(r.sub()));
                default -> r.skip(wire);
            }
        }
        return new Node(name, op, in, out, attrs);
    }

    private static Attribute readAttribute(Reader r) {
        String name = "";
        Float f = null;
        Long i = null;
        String s = null;
        Tensor t = null;
        List<Long> ints = new ArrayList<>();
        FloatList floats = new FloatList();
        while (r.hasMore()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (field) {
                case 1 -> name = r.string();
                case 2 -> f = Float.intBitsToFloat(r.fixed32());
                case 3 -> i = r.varint();
                case 4 -> s = r.string();
                case 5 -> t = readTensor(r.sub());
                case 7 -> {
                    if (wire == 2) {
                        Reader p = r.sub();
                        while (p.hasMore()) {
                            floats.add(Float.intBitsToFloat(p.fixed32()));
                        }
                    } else {
                        floats.add(Float.intBitsToFloat(r.fixed32()));
                    }
                }
                case 8 -> {
                    if (wire == 2) {
                        Reader p = r.sub();
                        while (p.hasMore()) {
                            ints.add(p.varint());
                        }
                    } else {
                        ints.add(r.varint());
                    }
                }
                default -> r.skip(wire);
            }
        }
        return new Attribute(name, f, i, s, t, ints.stream().mapToLong(Long::longValue).toArray(),
                floats.toArray());
    }

    private static Tensor readTensor(Reader r) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        FloatList floatData = new FloatList();
        List<Long> int64Data = new ArrayList<>();
        Reader raw = null;
        boolean external = false;
        while (r.hasMore()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (field) {
                case 1 -> {
                    if (wire == 2) {
                        Reader p = r.sub();
                        while (p.hasMore()) {
                            dims.add(p.varint());
                        }
                    } else {
                        dims.add(r.varint());
                    }
                }
                case 2 -> dataType = (int) r.varint();
                case 4 -> {
                    if (wire == 2) {
                        Reader p = r.sub();
                        while (p.hasMore()) {
                            floatData.add(Float.intBitsToFloat(p.fixed32()));
                        }
                    } else {
                        floatData.add(Float.intBitsToFloat(r.fixed32()));
                    }
                }
                case 7 -> {
                    if (wire == 2) {
                        Reader p = r.sub();
                        while (p.hasMore()) {
                            int64Data.add(p.varint());
                        }
                    } else {
                        int64Data.add(r.varint());
                    }
                }
                case 8 -> name = r.string();
                case 9 -> raw = r.sub();
                case 14 -> external = r.varint() == 1;
                default -> r.skip(wire);
            }
        }
        if (external) {
            throw new IllegalArgumentException("tensor " + name + " uses external data, not supported");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data;
        if (dataType == FLOAT) {
            if (raw != null) {
                data = raw.floatsLittleEndian();
            } else {
                data = floatData.toArray();
            }
        } else if (dataType == INT64) {
            if (raw != null) {
                long[] l = raw.longsLittleEndian();
                data = new float[l.length];
                for (int i = 0; i < l.length; i++) {
                    data[i] = l[i];
                }
            } else {
                data = new float[int64Data.size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = int64Data.get(i);
                }
            }
        } else {
            data = new float[0];
            n = 0;
        }
        if (data.length != n) {
            throw new IllegalArgumentException("tensor " + name + Arrays.toString(shape)
                    + " has " + data.length + " values, expected " + n);
        }
        return new Tensor(name, shape, dataType, data);
    }

    /** A cursor over a slice of the model bytes (protobuf wire format). */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        boolean hasMore() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            int shift = 0;
            while (true) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint at " + pos);
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("malformed varint at " + pos);
                }
            }
        }

        int fixed32() {
            check(4);
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                    | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        /** Reads a length prefix and returns a reader over that many bytes, advancing past them. */
        Reader sub() {
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new IllegalArgumentException("bad length " + len + " at " + pos);
            }
            Reader r = new Reader(buf, pos, pos + (int) len);
            pos += (int) len;
            return r;
        }

        String string() {
            Reader s = sub();
            return new String(buf, s.pos, s.end - s.pos, StandardCharsets.UTF_8);
        }

        float[] floatsLittleEndian() {
            int len = end - pos;
            if (len % 4 != 0) {
                throw new IllegalArgumentException("raw float data of " + len + " bytes");
            }
            float[] out = new float[len / 4];
            ByteBuffer.wrap(buf, pos, len).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        long[] longsLittleEndian() {
            int len = end - pos;
            if (len % 8 != 0) {
                throw new IllegalArgumentException("raw int64 data of " + len + " bytes");
            }
            long[] out = new long[len / 8];
            ByteBuffer.wrap(buf, pos, len).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        }

        void skip(int wire) {
            switch (wire) {
                case 0 -> varint();
                case 1 -> {
                    check(8);
                    pos += 8;
                }
                case 2 -> sub();
                case 5 -> {
                    check(4);
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at " + pos);
            }
        }

        private void check(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("truncated field at " + pos);
            }
        }
    }

    private static final class FloatList {
        private float[] a = new float[16];
        private int n;

        void add(float f) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = f;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
