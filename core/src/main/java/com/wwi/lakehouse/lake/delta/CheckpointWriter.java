package com.wwi.lakehouse.lake.delta;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
              }
            }
            """);

    /** A live file. */
    record Add(String path, Map<String, String> partitionValues, long size, long modificationTime, boolean dataChange,
               String stats, Map<String, String> tags) {
    }

    /** A tombstone. */
    record Remove(String path, long deletionTimestamp, boolean dataChange, Map<String, String> partitionValues, Long size) {
    }

    /** The metadata fields a checkpoint carries. */
    record Meta(String id, String name, String description, String provider, Map<String, String> formatOptions,
                String schemaString, List<String> partitionColumns, Map<String, String> configuration, Long createdTime) {
    }

    /** Everything a checkpoint at one version holds. */
    record State(long version, int minReader, int minWriter, Meta meta, Map<String, long[]> txns, List<Add> adds,
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
        SimpleGroupFactory f = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(Files2.output(temp, conf))
                .withConf(conf).withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding(false).withPageWriteChecksumEnabled(false)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).build()) {
            Group p = f.newGroup();
            Group proto = p.addGroup("protocol");
            proto.add("minReaderVersion", st.minReader());
            proto.add("minWriterVersion", st.minWriter());
            w.write(p);

            Group m = f.newGroup();
            Group md = m.addGroup("metaData");
            Meta meta = st.meta();
            md.add("id", meta.id());
            if (meta.name() != null) {
                md.add("name", meta.name());
            }
            if (meta.description() != null) {
                md.add("description", meta.description());
            }
            Group format = md.addGroup("format");
            format.add("provider", meta.provider());
            map(format.addGroup("options"), meta.formatOptions());
            md.add("schemaString", meta.schemaString());
            Group cols = md.addGroup("partitionColumns");
            for (String c : meta.partitionColumns()) {
                cols.addGroup("list").add("element", c);
            }
            map(md.addGroup("configuration"), meta.configuration());
            if (meta.createdTime() != null) {
                md.add("createdTime", meta.createdTime());
            }
            w.write(m);

            for (Map.Entry<String, long[]> t : st.txns().entrySet()) {
                Group g = f.newGroup();
                Group x = g.addGroup("txn");
                x.add("appId", t.getKey());
                x.add("version", t.getValue()[0]);
                if (t.getValue()[1] > 0) {
                    x.add("lastUpdated", t.getValue()[1]);
                }
                w.write(g);
            }
            for (Add a : st.adds()) {
                Group g = f.newGroup();
                Group x = g.addGroup("add");
                x.add("path", a.path());
                map(x.addGroup("partitionValues"), a.partitionValues());
                x.add("size", a.size());
                x.add("modificationTime", a.modificationTime());
                x.add("dataChange", a.dataChange());
                if (a.stats() != null) {
                    x.add("stats", a.stats());
                }
                if (a.tags() != null && !a.tags().isEmpty()) {
                    map(x.addGroup("tags"), a.tags());
                }
                w.write(g);
            }
            for (Remove r : st.removes()) {
                Group g = f.newGroup();
                Group x = g.addGroup("remove");
                x.add("path", r.path());
                x.add("deletionTimestamp", r.deletionTimestamp());
                x.add("dataChange", r.dataChange());
                x.add("extendedFileMetadata", r.partitionValues() != null);
                if (r.partitionValues() != null) {
                    map(x.addGroup("partitionValues"), r.partitionValues());
                }
                if (r.size() != null) {
                    x.add("size", r.size());
                }
                w.write(g);
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
    }

    private static String lastCheckpoint(State st) {
        return "{\"version\":" + st.version() + ",\"size\":" + st.actions() + "}";
    }

    /** The same publish steps with java.nio (Hadoop's local file system forks a chmod per created file). */
    private static void publishLocal(Path temp, Path target, Path logDir, State st) throws IOException {
        java.nio.file.Path t = java.nio.file.Path.of(temp.toUri());
        java.nio.file.Path dest = java.nio.file.Path.of(target.toUri());
        try {
            java.nio.file.Files.move(t, dest, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            java.nio.file.Files.deleteIfExists(t);
            throw e;
        }
        java.nio.file.Path dir = java.nio.file.Path.of(logDir.toUri());
        java.nio.file.Path lastTemp = dir.resolve("._last_checkpoint." + UUID.randomUUID() + ".tmp");
        java.nio.file.Files.writeString(lastTemp, lastCheckpoint(st));
        java.nio.file.Files.move(lastTemp, dir.resolve("_last_checkpoint"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void map(Group g, Map<String, String> m) {
        if (m == null) {
            return;
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            Group kv = g.addGroup("key_value");
            kv.add("key", e.getKey());
            if (e.getValue() != null) {
                kv.add("value", e.getValue());
            }
        }
    }
}
