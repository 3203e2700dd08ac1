package com.wwi.lakehouse.landing;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of a landed file's content: {@code sha256:<hex>}. Every path into Bronze (blob trigger, landing
 * sweep, local runner) names a file by its path plus this hash, so the same bytes under the same name land once
 * whichever way they arrive.
 */
public final class ContentHash {
    private ContentHash() {
    }

    public static String of(byte[] content) {
        return "sha256:" + HexFormat.of().formatHex(digest().digest(content));
    }

    /** Reads the stream to its end (and closes it). */
    public static String of(InputStream in) throws IOException {
        MessageDigest d = digest();
        try (in) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) >= 0) {
                d.update(buf, 0, n);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
