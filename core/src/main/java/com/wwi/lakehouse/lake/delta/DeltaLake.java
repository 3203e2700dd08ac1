package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.storage.LakeStorage;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lake of Delta tables under one root. Table handles are cached JVM-wide by qualified path: Delta
 * Standalone's local log store serialises commits per handle, so every thread must share one.
 */
public final class DeltaLake implements Lake {
    /** Default cap on rows per data file. */
    public static final long DEFAULT_MAX_ROWS_PER_FILE = 2_000_000L;
    private static final Map<String, DeltaTable> TABLES = new ConcurrentHashMap<>();

    private final Configuration conf;
    private final Path root;
    private final long maxRowsPerFile;

    private DeltaLake(Configuration conf, Path root, long maxRowsPerFile) {
        this.conf = conf;
        this.root = root;
        this.maxRowsPerFile = maxRowsPerFile;
    }

    /** Opens the lake at a root URI or local path, with the storage settings {@link LakeStorage} derives. */
    public static DeltaLake open(String rootUri) {
        return open(rootUri, LakeStorage.hadoopConfiguration(rootUri, Map.of()), DEFAULT_MAX_ROWS_PER_FILE);
    }

    public static DeltaLake open(String rootUri, Configuration conf, long maxRowsPerFile) {
        Path root = LakeStorage.qualify(rootUri, conf);
        return new DeltaLake(conf, root, maxRowsPerFile);
    }

    /** Waits for background work (checkpoints) queued by any table of this JVM. */
    public static void awaitBackgroundWork() {
        FastLog.awaitAllCheckpoints();
    }

    public Configuration configuration() {
        return conf;
    }

    @Override
    public String root() {
        return root.toString();
    }

    @Override
    public LakeTable table(String relativePath) {
        if (relativePath.contains("..") || relativePath.startsWith("/")) {
            throw new LakeException("table path must be relative to the lake root and stay under it: " + relativePath);
        }
        Path p = new Path(root, relativePath);
        return TABLES.computeIfAbsent(p.toString() + "#" + maxRowsPerFile,
                k -> new DeltaTable(conf, p, maxRowsPerFile));
    }

    /** A new handle that shares nothing with the cached one (tests use it to play a second process). */
    DeltaTable uncachedHandle(String relativePath) {
        return new DeltaTable(conf, new Path(root, relativePath), maxRowsPerFile);
    }

    @Override
    public String probeWrite() {
        String step = "reach";
        try {
            FileSystem fs = root.getFileSystem(conf);
            Path dir = root;
            while (!fs.exists(dir)) {
                dir = dir.getParent();
                if (dir == null) {
                    throw new IOException("no folder of " + root + " exists");
                }
            }
            Path probe = new Path(dir, "_lakehouse-probe-" + UUID.randomUUID());
            byte[] payload = ("lakehouse dry-run probe " + probe.getName()).getBytes(StandardCharsets.UTF_8);
            step = "write to";
            try (var out = fs.create(probe, false)) {
                out.write(payload);
            }
            try {
                step = "read back from";
                byte[] back;
                try (var in = fs.open(probe)) {
                    back = in.readAllBytes();
                }
                if (!Arrays.equals(back, payload)) {
                    throw new IOException("the probe file read back differs from what was written");
                }
            } finally {
                step = "delete from";
                fs.delete(probe, false);
            }
            if (fs.exists(probe)) {
                throw new IOException("the probe file " + probe + " is still there after its delete");
            }
            return dir.toString();
        } catch (IOException | RuntimeException e) {
            throw new LakeException("cannot " + step + " " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> listTables() {
        List<String> out = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(conf);
            collect(fs, root, "", 0, out);
        } catch (FileNotFoundException e) {
            return out;
        } catch (IOException e) {
            throw new LakeException("cannot list tables under " + root + ": " + e.getMessage(), e);
        }
        out.sort(String::compareTo);
        return out;
    }

    private static void collect(FileSystem fs, Path dir, String rel, int depth, List<String> out) throws IOException {
        if (fs.exists(new Path(dir, "_delta_log"))) {
            out.add(rel);
            return;
        }
        if (depth >= 2) {
            return;
        }
        for (FileStatus st : fs.listStatus(dir)) {
            if (st.isDirectory()) {
                String name = st.getPath().getName();
                collect(fs, st.getPath(), rel.isEmpty() ? name : rel + "/" + name, depth + 1, out);
            }
        }
    }
}
