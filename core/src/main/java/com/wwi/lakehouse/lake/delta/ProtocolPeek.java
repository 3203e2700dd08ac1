package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The newest protocol action of a table, read from its commit files without Delta Standalone (which refuses a
 * protocol it does not know before saying which features it needs): for the one-line refusal that names them.
 */
final class ProtocolPeek {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProtocolPeek() {
    }

    /** The newest protocol action among the table's JSON commits, if one is there. */
    static Optional<TableFeatures.Protocol> newest(Configuration conf, Path tableRoot) {
        Path logDir = new Path(tableRoot, "_delta_log");
        try {
            FileSystem fs = logDir.getFileSystem(conf);
            FileStatus[] files = fs.listStatus(logDir, p -> p.getName().matches("\\d{20}\\.json"));
            Arrays.sort(files, Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed());
            for (FileStatus f : files) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (!line.contains("\"protocol\"")) {
                            continue;
                        }
                        JsonNode p = JSON.readTree(line).get("protocol");
                        if (p != null) {
                            return Optional.of(new TableFeatures.Protocol(p.path("minReaderVersion").asInt(), p.path("minWriterVersion").asInt(),
                                    strings(p.get("readerFeatures")), strings(p.get("writerFeatures"))));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
