package com.wwi.lakehouse.lake.delta;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a single-part Delta checkpoint ({@code <version>.checkpoint.parquet} and {@code _last_checkpoint}) from
 * the state {@link FastLog} keeps in memory, in the layout of the Delta protocol: one row per action, one
 * non-null struct column per row (protocol, metaData, txn, add, remove). The file is written under a temporary
 * name and renamed into place, so a reader never sees half a checkpoint.
 */
final class CheckpointWriter {
    static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message spark_schema {
              optional group txn {
                optional binary appId (STRING);
                optional int64 version;
                optional int64 lastUpdated;
              }
              optional group add {
                optional binary path (STRING);
                optional group partitionValues (MAP) {
                  repeated group key_value { required binary key (STRING); optional binary value (STRING); }
                }
                optional int64 size;
                optional int64 modificationTime;
                optional boolean dataChange;
                optional binary stats (STRING);
                optional group tags (MAP) {
                  repeated group key_value { required binary key (STRING); optional binary value (STRING); }
                }
              }
              optional group remove {
                optional binary path (STRING);
                optional int64 deletionTimestamp;
                optional boolean dataChange;
                optional boolean extendedFileMetadata;
                optional group partitionValues (MAP) {
                  repeated group key_value { required binary key (STRING); optional binary value (STRING); }
                }
                optional int64 size;
              }
              optional group metaData {
                optional binary id (STRING);
                optional binary name (STRING);
                optional binary description (STRING);
                optional group format {
                  optional binary provider (STRING);
                  optional group options (MAP) {
                    repeated group key_value { required binary key (STRING); optional binary value (STRING); }
                  }
                }
                optional binary schemaString (STRING);
                optional group partitionColumns (LIST) {
                  repeated group list { optional binary element (STRING); }
                }
                optional group configuration (MAP) {
                  repeated group key_value { required binary key (STRING); optional binary value (STRING); }
                }
                optional int64 createdTime;
              }
              optional group protocol {
                optional int32 minReaderVersion;
                optional int32 minWriterVersion;
                optional group readerFeatures (LIST) {
                  repeated group list { optional binary element (STRING); }
                }
                optional group writerFeatures (LIST) {
                  repeated group list { optional binary element (STRING); }
                }
              }
            }
            """);

    /**
     * A live file. Its stats are kept as the UTF-8 bytes a checkpoint stores, encoded once when the file enters
     * the log state instead of at every checkpoint that lists it (stats are most of a checkpoint's bytes).
     */
    record Add(String path, Map<String, String> partitionValues, long size, long modificationTime, boolean dataChange,
               byte[] statsUtf8, Map<String, String> tags) {
        static Add of(String path, Map<String, String> partitionValues, long size, long modificationTime,
                      boolean dataChange, String stats, Map<String, String> tags) {
            return new Add(path, partitionValues, size, modificationTime, dataChange,
                    stats == null ? null : stats.getBytes(StandardCharsets.UTF_8), tags);
        }

        String stats() {
            return statsUtf8 == null ? null : new String(statsUtf8, StandardCharsets.UTF_8);
        }
    }

    /** A tombstone. */
    record Remove(String path, long deletionTimestamp, boolean dataChange, Map<String, String> partitionValues, Long size) {
    }

    /** The metadata fields a checkpoint carries. */
    record Meta(String id, String name, String description, String provider, Map<String, String> formatOptions,
                String schemaString, List<String> partitionColumns, Map<String, String> configuration, Long createdTime) {
    }

    /** Everything a checkpoint at one version holds. */
    record State(long version, TableFeatures.Protocol protocol, Meta meta, Map<String, long[]> txns, List<Add> adds,
                 List<Remove> removes) {
        long actions() {
            return 2L + txns.size() + adds.size() + removes.size();
        }
    }

    private CheckpointWriter() {
    }

    static void write(Configuration conf, Path logDir, State st) throws IOException {
        FileSystem fs = logDir.getFileSystem(conf);
        Path target = new Path(logDir, String.format("%020d.checkpoint.parquet", st.version()));
        Path temp = new Path(logDir, "." + String.format("%020d", st.version()) + "." + UUID.randomUUID() + ".checkpoint.tmp");
        try (ParquetWriter<Object> w = new Builder(Files2.output(temp, conf))
                .withConf(conf).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withDictionaryEncoding(false).withPageWriteChecksumEnabled(false).build()) {
            w.write(st.protocol());
            w.write(st.meta());
            for (Map.Entry<String, long[]> t : st.txns().entrySet()) {
                w.write(t);
            }
            for (Add a : st.adds()) {
                w.write(a);
            }
            for (Remove r : st.removes()) {
                w.write(r);
            }
        } catch (IOException | RuntimeException e) {
            fs.delete(temp, false);
            throw e;
        }
        if (Files2.isLocal(target)) {
            publishLocal(temp, target, logDir, st);
            return;
        }
        if (!fs.rename(temp, target)) {
            fs.delete(temp, false);
            if (!fs.exists(target)) {
                throw new IOException("could not rename the checkpoint into " + target);
            }
            return; // another writer checkpointed this version first: same content
        }
        Path lastTemp = new Path(logDir, "._last_checkpoint." + UUID.randomUUID() + ".tmp");
        try (FSDataOutputStream out = fs.create(lastTemp, true)) {
            out.write(lastCheckpoint(st).getBytes(StandardCharsets.UTF_8));
        }
        Path lastCheckpoint = new Path(logDir, "_last_checkpoint");
        fs.delete(lastCheckpoint, false);
        if (!fs.rename(lastTemp, lastCheckpoint)) {
            fs.delete(lastTemp, false);
        }
        fs.delete(new Path(logDir, STALE_CRC), false);
    }

    /**
     * The checksum file Hadoop's local file system (Spark's) writes beside {@code _last_checkpoint}: once we replace
     * the file it no longer matches, and Spark and Kernel log a checksum error, retry three times with sleeps and then
     * list the log. Deleted whenever we replace the file (a reader without it just reads the file).
     */
    static final String STALE_CRC = "._last_checkpoint.crc";

    private static String lastCheckpoint(State st) {
        return "{\"version\":" + st.version() + ",\"size\":" + st.actions() + "}";
    }

    /** The same publish steps with java.nio (Hadoop's local file system forks a chmod per created file). */
    private static void publishLocal(Path temp, Path target, Path logDir, State st) throws IOException {
        java.nio.file.Path t = java.nio.file.Path.of(temp.toUri());
        java.nio.file.Path dest = java.nio.file.Path.of(target.toUri());
        try {
            Files.move(t, dest, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(t);
            throw e;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(logDir.toUri());
        java.nio.file.Path lastTemp = dir.resolve("._last_checkpoint." + UUID.randomUUID() + ".tmp");
        Files.writeString(lastTemp, lastCheckpoint(st));
        Files.move(lastTemp, dir.resolve("_last_checkpoint"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve(STALE_CRC));
    }

    private static final class Builder extends ParquetWriter.Builder<Object, Builder> {
        Builder(OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object> getWriteSupport(Configuration conf) {
            return new ActionWriteSupport();
        }
    }

    /** Writes one action per record straight to the record consumer (no intermediate Group objects). */
    private static final class ActionWriteSupport extends WriteSupport<Object> {
        private RecordConsumer c;

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(SCHEMA, Map.of());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            c = recordConsumer;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void write(Object action) {
            c.startMessage();
            if (action instanceof TableFeatures.Protocol proto) {
                open("protocol", 4);
                intField("minReaderVersion", 0, proto.reader());
                intField("minWriterVersion", 1, proto.writer());
                if (proto.reader() >= 3) { // the feature lists exist from reader 3 / writer 7 on, as the protocol says
                    strings("readerFeatures", 2, proto.readerFeatures());
                }
                if (proto.writer() >= 7) {
                    strings("writerFeatures", 3, proto.writerFeatures());
                }
                close("protocol", 4);
            } else if (action instanceof Meta m) {
                open("metaData", 3);
                str("id", 0, m.id());
                str("name", 1, m.name());
                str("description", 2, m.description());
                open("format", 3);
                str("provider", 0, m.provider());
                map("options", 1, m.formatOptions());
                close("format", 3);
                str("schemaString", 4, m.schemaString());
                strings("partitionColumns", 5, m.partitionColumns());
                map("configuration", 6, m.configuration());
                if (m.createdTime() != null) {
                    longField("createdTime", 7, m.createdTime());
                }
                close("metaData", 3);
            } else if (action instanceof Map.Entry<?, ?> e) {
                Map.Entry<String, long[]> t = (Map.Entry<String, long[]>) e;
                open("txn", 0);
                str("appId", 0, t.getKey());
                longField("version", 1, t.getValue()[0]);
                if (t.getValue()[1] > 0) {
                    longField("lastUpdated", 2, t.getValue()[1]);
                }
                close("txn", 0);
            } else if (action instanceof Add a) {
                open("add", 1);
                str("path", 0, a.path());
                map("partitionValues", 1, a.partitionValues());
                longField("size", 2, a.size());
                longField("modificationTime", 3, a.modificationTime());
                boolField("dataChange", 4, a.dataChange());
                if (a.statsUtf8() != null) {
                    c.startField("stats", 5);
                    c.addBinary(Binary.fromConstantByteArray(a.statsUtf8()));
                    c.endField("stats", 5);
                }
                if (a.tags() != null && !a.tags().isEmpty()) {
                    map("tags", 6, a.tags());
                }
                close("add", 1);
            } else if (action instanceof Remove r) {
                open("remove", 2);
                str("path", 0, r.path());
                longField("deletionTimestamp", 1, r.deletionTimestamp());
                boolField("dataChange", 2, r.dataChange());
                boolField("extendedFileMetadata", 3, r.partitionValues() != null);
                if (r.partitionValues() != null) {
                    map("partitionValues", 4, r.partitionValues());
                }
                if (r.size() != null) {
                    longField("size", 5, r.size());
                }
                close("remove", 2);
            } else {
                throw new IllegalArgumentException("not a checkpoint action: " + action);
            }
            c.endMessage();
        }

        /** A LIST of strings in the three-level encoding. */
        private void strings(String field, int index, List<String> values) {
            open(field, index);
            if (!values.isEmpty()) {
                c.startField("list", 0);
                for (String v : values) {
                    c.startGroup();
                    str("element", 0, v);
                    c.endGroup();
                }
                c.endField("list", 0);
            }
            close(field, index);
        }

        private void open(String name, int index) {
            c.startField(name, index);
            c.startGroup();
        }

        private void close(String name, int index) {
            c.endGroup();
            c.endField(name, index);
        }

        private void str(String name, int index, String v) {
            if (v != null) {
                c.startField(name, index);
                c.addBinary(Binary.fromString(v));
                c.endField(name, index);
            }
        }

        private void longField(String name, int index, long v) {
            c.startField(name, index);
            c.addLong(v);
            c.endField(name, index);
        }

        private void intField(String name, int index, int v) {
            c.startField(name, index);
            c.addInteger(v);
            c.endField(name, index);
        }

        private void boolField(String name, int index, boolean v) {
            c.startField(name, index);
            c.addBoolean(v);
            c.endField(name, index);
        }

        private void map(String name, int index, Map<String, String> m) {
            open(name, index);
            if (m != null && !m.isEmpty()) {
                c.startField("key_value", 0);
                for (Map.Entry<String, String> e : m.entrySet()) {
                    c.startGroup();
                    str("key", 0, e.getKey());
                    str("value", 1, e.getValue());
                    c.endGroup();
                }
                c.endField("key_value", 0);
            }
            close(name, index);
        }
    }
}
