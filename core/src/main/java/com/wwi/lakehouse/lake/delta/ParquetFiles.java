package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.TableSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;

/** Plain Parquet files, no Delta: the baseline the benchmarks compare table writes with. */
public final class ParquetFiles {
    private ParquetFiles() {
    }

    /** Writes rows to one Parquet file exactly as a table data file is written; returns its size in bytes. */
    public static long write(Configuration conf, String path, TableSchema schema, List<Object[]> rows) throws IOException {
        int[] positions = new int[schema.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        return ParquetRowWriter.write(conf, new Path(path), schema.columns(), positions, rows).sizeBytes();
    }

    /**
     * Merges plain Parquet files of one schema into {@code output} without decoding a row (their row groups copied),
     * as compaction does; returns its size.
     */
    public static long merge(Configuration conf, List<String> inputs, String output, long records) throws IOException {
        return ParquetMerge.merge(conf, inputs.stream().map(Path::new).toList(), new Path(output), records);
    }
}
