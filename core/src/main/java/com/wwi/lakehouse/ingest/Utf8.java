package com.wwi.lakehouse.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation without decoding: no overlong forms, no surrogates, nothing above U+10FFFF. */
final class Utf8 {
    private Utf8() {
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(
            long[].class, ByteOrder.LITTLE_ENDIAN);

    static boolean isValid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            // ASCII runs eight bytes at a time
            while (i + 8 <= n && (((long) LONGS.get(b, i)) & 0x8080808080808080L) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int len = sequence(b, i, n);
            if (len < 0) {
                return false;
            }
            i += len;
        }
        return true;
    }

    /**
     * The length (2 to 4) of the valid multi-byte sequence starting at {@code b[i]}, a byte of 0x80 or above,
     * reading no further than {@code n}; -1 when it is not one (bad lead byte, truncated, overlong, surrogate,
     * above U+10FFFF).
     */
    static int sequence(byte[] b, int i, int n) {
        int c = b[i] & 0xFF;
        int need;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= n) {
            return -1;
        }
        int cp = c & (0x3F >> need);
        for (int k = 1; k <= need; k++) {
            int x = b[i + k] & 0xFF;
            if ((x & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (x & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return need + 1;
    }
}
