package com.wwi.lakehouse.sentiment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the archive {@code torch.jit.save} produces for a module with tensor buffers and TorchScript code, without
 * Python: a stored zip with {@code version}, {@code data.pkl} (the module object, pickled), {@code constants.pkl},
 * {@code code/__torch__.py} and one storage file per tensor. The module is {@code __torch__.<name>}; every tensor
 * is a buffer of it, in float32 or bfloat16, contiguous and row-major.
 */
public final class TorchScriptArchive {
    /** The element type a tensor is stored in. */
    public enum Dtype {
        FLOAT32("FloatStorage", 4),
        BFLOAT16("BFloat16Storage", 2);

        final String storage;
        final int bytes;

        Dtype(String storage, int bytes) {
            this.storage = storage;
            this.bytes = bytes;
        }
    }

    /** One buffer of the module. */
    public record Buffer(String name, long[] shape, float[] data, Dtype dtype, boolean attribute) {
        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    private final String module;
    private final List<Buffer> buffers = new ArrayList<>();
    private boolean tensorsOnlyState;

    public TorchScriptArchive(String module) {
        this.module = module;
    }

    public TorchScriptArchive add(String name, long[] shape, float[] data, Dtype dtype) {
        return add(name, shape, data, dtype, true);
    }

    /**
     * A tensor of the pickled state that {@code __setstate__} consumes without keeping it as an attribute (see
     * {@link #tensorsOnlyState()}).
     */
    public TorchScriptArchive addStateOnly(String name, long[] shape, float[] data, Dtype dtype) {
        return add(name, shape, data, dtype, false);
    }

    private TorchScriptArchive add(String name, long[] shape, float[] data, Dtype dtype, boolean attribute) {
        Buffer b = new Buffer(name, shape.clone(), data, dtype, attribute);
        if (b.size() != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for " + b.size() + " elements");
        }
        buffers.add(b);
        return this;
    }

    /**
     * Pickles the module's state as a dictionary of its tensors only (no {@code training} flag), for a module whose
     * code has a {@code __setstate__(self, state: Dict[str, Tensor])} that sets its attributes itself.
     */
    public TorchScriptArchive tensorsOnlyState() {
        tensorsOnlyState = true;
        return this;
    }

    public List<Buffer> buffers() {
        return List.copyOf(buffers);
    }

    /** The class declaration that goes before {@code forward}: buffers, their types and {@code training}. */
    public String classHeader() {
        StringBuilder c = new StringBuilder("op_version_set = 1\nclass ").append(module).append("(Module):\n");
        c.append("  __parameters__ = []\n  __buffers__ = [");
        List<Buffer> attributes = buffers.stream().filter(Buffer::attribute).toList();
        for (Buffer b : attributes) {
            c.append('"').append(b.name()).append("\", ");
        }
        c.append("]\n");
        for (Buffer b : attributes) {
            c.append("  ").append(b.name()).append(" : Tensor\n");
        }
        c.append("  training : bool\n");
        return c.toString();
    }

    /** Writes the archive; {@code methods} is the module's code after {@link #classHeader()}, indented by 2. */
    public void write(Path file, String methods) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            stored(zip, "archive/data.pkl", dataPkl());
            stored(zip, "archive/constants.pkl", new byte[]{(byte) 0x80, 2, ')', '.'});
            stored(zip, "archive/code/__torch__.py", (classHeader() + methods).getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < buffers.size(); i++) {
                stored(zip, "archive/data/" + i, storage(buffers.get(i)));
            }
            stored(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static byte[] storage(Buffer b) {
        float[] v = b.data();
        ByteBuffer out = ByteBuffer.allocate(v.length * b.dtype().bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (b.dtype() == Dtype.FLOAT32) {
            out.asFloatBuffer().put(v);
        } else {
            for (float f : v) {
                out.putShort(toBfloat16(f));
            }
        }
        return out.array();
    }

    /** Round to nearest even, as PyTorch converts float to bfloat16 (no NaNs occur in weights). */
    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int rounding = ((bits >>> 16) & 1) + 0x7FFF;
        return (short) ((bits + rounding) >>> 16);
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

    /** The pickled module: {@code __torch__.<module>} with {training: False, name: tensor, ...}. */
    private byte[] dataPkl() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(0x80);
        o.write(2);
        global(o, "__torch__", module);
        o.write(')');
        o.write(0x81); // NEWOBJ
        o.write('}');
        o.write('(');
        if (!tensorsOnlyState) {
            str(o, "training");
            o.write(0x89); // False
        }
        for (int i = 0; i < buffers.size(); i++) {
            Buffer b = buffers.get(i);
            str(o, b.name());
            global(o, "torch._utils", "_rebuild_tensor_v2");
            o.write('(');
            o.write('(');
            str(o, "storage");
            global(o, "torch", b.dtype().storage);
            str(o, String.valueOf(i));
            str(o, "cpu");
            binint(o, Math.toIntExact(b.size()));
            o.write('t');
            o.write('Q'); // BINPERSID
            binint(o, 0); // storage offset
            o.write('(');
            for (long d : b.shape()) {
                binint(o, Math.toIntExact(d));
            }
            o.write('t');
            o.write('(');
            long stride = 1;
            long[] strides = new long[b.shape().length];
            for (int d = strides.length - 1; d >= 0; d--) {
                strides[d] = stride;
                stride *= b.shape()[d];
            }
            for (long s : strides) {
                binint(o, Math.toIntExact(s));
            }
            o.write('t');
            o.write(0x89); // False: requires_grad
            global(o, "collections", "OrderedDict");
            o.write(')');
            o.write('R');
            o.write('t');
            o.write('R');
        }
        o.write('u'); // SETITEMS
        o.write('b'); // BUILD
        o.write('.');
        return o.toByteArray();
    }

    private static void global(OutputStream o, String module, String name) {
        try {
            o.write(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
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
}
