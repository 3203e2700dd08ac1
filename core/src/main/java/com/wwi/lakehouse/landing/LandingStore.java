package com.wwi.lakehouse.landing;

import com.wwi.lakehouse.landing.LandedFile;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Where landed files are: the landing container in Azure (Blob or Data Lake API), a folder locally. Paths are
 * {@code <dataset>/<name>}, relative to the landing root. Reads stream; nothing is loaded whole.
 */
public interface LandingStore {

    /** What happens to a file after it is landed. */
    enum AfterIngest {
        /** Move landed files to {@code archive/} and unusable ones to {@code rejected/} (the default). */
        ARCHIVE,
        /** Leave every file where it is (the local runner, so that a run can be repeated). */
        KEEP;

        public static AfterIngest parse(String s) {
            if (s == null || s.isBlank()) {
                return ARCHIVE;
            }
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("after-ingest must be archive or keep, got '" + s + "'");
            }
        }
    }

    /** Where this store is, for messages. */
    String describe();

    /** Files under a prefix ({@code ""} for all), sorted by path. */
    List<String> list(String prefix) throws IOException;

    /** A landed file with its ETag and size, opened lazily as a stream. */
    LandedFile file(String path) throws IOException;

    /**
     * Moves a file to {@code archive/<path>} (or {@code rejected/<path>} when {@code rejected}), recording the
     * reason with rejected files. A file already gone is not an error (another instance moved it).
     */
    void moveAway(String path, boolean rejected, String reason) throws IOException;

    /**
     * Where {@link #moveAway} puts landed files ({@code archive}), as a store of its own to list and read: what a
     * Bronze rebuild reads besides the files still waiting here. An archive that does not exist yet lists nothing.
     */
    LandingStore archive();
}
