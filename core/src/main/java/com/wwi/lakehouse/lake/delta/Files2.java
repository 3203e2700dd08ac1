package com.wwi.lakehouse.lake.delta;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Parquet input and output files for a path: plain java.nio for local paths (Hadoop's local file system forks
 * a {@code chmod} process for every file it creates when its native library is absent, which costs milliseconds
 * per file), Hadoop file systems for everything else (ABFS).
 */
final class Files2 {
    private Files2() {
    }

    static boolean isLocal(Path p) {
        String scheme = p.toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    static OutputFile output(Path p, Configuration conf) throws IOException {
        if (isLocal(p)) {
            java.nio.file.Path local = java.nio.file.Path.of(p.toUri());
            // a stat first: createDirectories on a folder that exists throws (and fills a stack trace) inside
            if (!Files.isDirectory(local.getParent())) {
                Files.createDirectories(local.getParent());
            }
            return new LocalOutputFile(local);
        }
        return HadoopOutputFile.fromPath(p, conf);
    }

    static InputFile input(Path p, Configuration conf) throws IOException {
        if (isLocal(p)) {
            return new LocalInputFile(java.nio.file.Path.of(p.toUri()));
        }
        return HadoopInputFile.fromPath(p, conf);
    }

    static long size(Path p, Configuration conf) throws IOException {
        if (isLocal(p)) {
            return Files.size(java.nio.file.Path.of(p.toUri()));
        }
        return p.getFileSystem(conf).getFileStatus(p).getLen();
    }
}
