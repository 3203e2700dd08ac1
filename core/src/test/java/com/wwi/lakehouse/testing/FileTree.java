package com.wwi.lakehouse.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a folder holds, to show a command wrote nothing: every file with its size and modification time. */
public final class FileTree {
    private FileTree() {
    }

    /** Relative path to "dir" or "size@mtime", sorted. */
    public static Map<String, String> of(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path f : s.toList()) {
                m.put(root.relativize(f).toString(), Files.isDirectory(f) ? "dir"
                        : Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return m;
    }

    /**
     * Commits what Spark's {@code ALTER TABLE ... SET TBLPROPERTIES ('delta.enableDeletionVectors' = true)} commits
     * to the table at {@code table}: protocol 3/7 with the deletionVectors feature.
     */
    public static void upgradeToDeletionVectors(Path table) throws IOException {
        Path log = table.resolve("_delta_log");
        long next;
        try (var files = Files.list(log)) {
            next = files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).count();
        }
        Files.writeString(log.resolve(String.format("%020d.json", next)),
                "{\"commitInfo\":{\"timestamp\":1765000000000,\"operation\":\"SET TBLPROPERTIES\"}}\n"
                        + "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],"
                        + "\"writerFeatures\":[\"deletionVectors\"]}}\n");
    }
}
