package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.rewrite.ParquetRewriter;
import org.apache.parquet.hadoop.rewrite.RewriteOptions;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Small Parquet files of one table merged into one without decoding a row: their column chunks are copied as they
 * are (parquet-java's {@link ParquetRewriter}), each input's row groups becoming row groups of the output, and the
 * Delta statistics of the output are merged from the inputs' ({@link #mergeStats}). Only for inputs whose Parquet
 * schemas are equal and whose row groups stay few ({@link #mergeable}); others are compacted row by row.
 */
final class ParquetMerge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParquetMerge() {
    }

    /**
     * A merged file holds at most this many row groups: merging copies row groups as they are, so a partition that
     * gets a small file every refresh and is merged each time would otherwise pile them up; past this the files are
     * rewritten row by row instead, into one row group again.
     */
    static final int MAX_ROW_GROUPS = 64;

    /**
     * Whether the files can be merged: the same Parquet schema in every footer, and no more than
     * {@link #MAX_ROW_GROUPS} row groups among them.
     */
    static boolean mergeable(Configuration conf, List<Path> files) throws IOException {
        MessageType first = null;
        int rowGroups = 0;
        ParquetReadOptions options = HadoopReadOptions.builder(conf).build(); // once: a default one parses Hadoop's XML
        for (Path p : files) {
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(p, conf), options)) {
                MessageType s = r.getFooter().getFileMetaData().getSchema();
                rowGroups += r.getFooter().getBlocks().size();
                if (rowGroups > MAX_ROW_GROUPS) {
                    return false;
                }
                if (first == null) {
                    first = s;
                } else if (!first.equals(s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Copies the row groups of {@code inputs}, in order, into a new file {@code output}; returns its size. Throws
     * when the output's footer does not hold {@code records} rows.
     */
    static long merge(Configuration conf, List<Path> inputs, Path output, long records) throws IOException {
        RewriteOptions options = new RewriteOptions.Builder(conf, inputs, output).build();
        try (ParquetRewriter rewriter = new ParquetRewriter(options)) {
            rewriter.processBlocks();
        }
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(output, conf),
                HadoopReadOptions.builder(conf).build())) {
            long written = r.getFooter().getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
            if (written != records) {
                throw new IOException("the merged file " + output + " holds " + written + " rows, its inputs " + records);
            }
        }
        return output.getFileSystem(conf).getFileStatus(output).getLen();
    }

    /**
     * The stats JSON of a file holding the rows of files with stats {@code stats} ({@code columns}: the file's
     * columns, partition columns excluded): numRecords and nullCount summed, minValues and maxValues the least and
     * greatest of the inputs' (each already an exact or a safe bound, as {@link ColumnStats} writes them). A column
     * gets a min/max only when every input has one for it or holds only nulls in it (a NaN leaves it without, as
     * in the input). Null when an input has no stats or no numRecords: the caller then rewrites row by row.
     */
    static String mergeStats(List<Column> columns, List<String> stats) throws IOException {
        long records = 0;
        JsonNode[] parsed = new JsonNode[stats.size()];
        for (int k = 0; k < parsed.length; k++) {
            if (stats.get(k) == null) {
                return null;
            }
            parsed[k] = JSON.readTree(stats.get(k));
            if (!parsed[k].path("numRecords").canConvertToLong()) {
                return null;
            }
            records += parsed[k].get("numRecords").asLong();
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("numRecords", records);
        ObjectNode mins = out.putObject("minValues");
        ObjectNode maxs = out.putObject("maxValues");
        ObjectNode nulls = out.putObject("nullCount");
        for (Column c : columns) {
            long nullCount = 0;
            boolean nullsKnown = true;
            boolean bounded = c.type().hasMinMax();
            JsonNode min = null;
            JsonNode max = null;
            for (JsonNode s : parsed) {
                JsonNode n = s.path("nullCount").get(c.name());
                long fileNulls = n != null && n.canConvertToLong() ? n.asLong() : -1;
                if (fileNulls < 0) {
                    nullsKnown = false;
                } else {
                    nullCount += fileNulls;
                }
                JsonNode lo = s.path("minValues").get(c.name());
                JsonNode hi = s.path("maxValues").get(c.name());
                if (lo == null || hi == null) {
                    if (fileNulls != s.get("numRecords").asLong()) {
                        bounded = false; // values without bounds (NaN, or no stats for it): the output has none either
                    }
                    continue;
                }
                if (min == null || compare(c.type(), lo, min) < 0) {
                    min = lo;
                }
                if (max == null || compare(c.type(), hi, max) > 0) {
                    max = hi;
                }
            }
            if (nullsKnown) {
                nulls.put(c.name(), nullCount);
            }
            if (bounded && min != null) {
                mins.set(c.name(), min);
                maxs.set(c.name(), max);
            }
        }
        return JSON.writeValueAsString(out);
    }

    /** Orders two stats values of a column of type {@code t} as Delta does (strings by code point). */
    static int compare(ColumnType t, JsonNode a, JsonNode b) {
        return switch (t) {
            case STRING -> ColumnStats.compareCodePoints(a.asText(), b.asText());
            case DATE -> LocalDate.parse(a.asText()).compareTo(LocalDate.parse(b.asText()));
            case TIMESTAMP -> OffsetDateTime.parse(a.asText()).toInstant()
                    .compareTo(OffsetDateTime.parse(b.asText()).toInstant());
            case FLOAT, DOUBLE -> Double.compare(number(a), number(b));
            default -> a.decimalValue().compareTo(b.decimalValue());
        };
    }

    private static double number(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> new BigDecimal(n.asText()).doubleValue();
            };
        }
        return n.asDouble();
    }
}
