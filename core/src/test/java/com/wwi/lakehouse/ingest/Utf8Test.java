package com.wwi.lakehouse.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8Test {
    @Test
    void agreesWithTheJdkStrictDecoderOnRandomBytes() {
        Random rnd = new Random(1);
        for (int t = 0; t < 200_000; t++) {
            byte[] b = new byte[rnd.nextInt(8)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0x80) : rnd.nextInt(256));
            }
            assertEquals(BronzeIngest.decode(b) != null, Utf8.isValid(b), Arrays.toString(b));
        }
        assertEquals(true, Utf8.isValid("café 東京 😀 ♻️".getBytes(StandardCharsets.UTF_8)));
        assertEquals(false, Utf8.isValid(new byte[]{(byte) 0xC0, (byte) 0x80}), "overlong");
        assertEquals(false, Utf8.isValid(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}), "surrogate");
        assertEquals(false, Utf8.isValid(new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}), "above U+10FFFF");
        assertEquals(false, Utf8.isValid(new byte[]{'a', (byte) 0xE2, (byte) 0x82}), "truncated");
    }
}
