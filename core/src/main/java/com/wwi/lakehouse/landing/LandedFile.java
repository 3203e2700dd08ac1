package com.wwi.lakehouse.landing;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file that landed: its path relative to the landing container ({@code <dataset>/<name>}), its ETag (or a
 * content hash where the store has none), its size, and how to open it as a stream.
 */
public record LandedFile(String path, String etag, long size, Opener opener) {
    /** Opens the content; called once per ingest. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public LandedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(opener, "opener");
    }
}
