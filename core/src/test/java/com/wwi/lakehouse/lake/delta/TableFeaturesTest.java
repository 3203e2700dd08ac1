package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-table feature guard: what another engine's upgrade of one of our tables lets the pipeline still do. The
 * upgrades are committed here as Spark commits them (a protocol action and, for a property, the new metadata); the
 * Spark interop tests do the same with Spark itself.
 */
class TableFeaturesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final TableSchema SCHEMA = TableSchema.of(Column.of("k", ColumnType.STRING), Column.of("v", ColumnType.LONG));

    @TempDir
    Path dir;

    LakeTable table(String name) {
        LakeTable t = DeltaLake.open(dir.toString()).table(name);
        t.createIfAbsent(TableSpec.of(name.replace('/', '.'), SCHEMA));
        for (int i = 0; i < 3; i++) {
            t.append(List.of(new Object[]{"k" + i, (long) i}, new Object[]{"x" + i, 10L + i}), List.of(new Txn("app", i)));
        }
        return t;
    }

    /** Commits what another engine commits when it upgrades the table: the protocol, and the properties given. */
    void upgrade(String name, String protocol, Map<String, String> properties) throws IOException {
        Path log = dir.resolve(name).resolve("_delta_log");
        ObjectNode meta = null;
        for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", 0)))) {
            if (line.contains("\"metaData\"")) {
                meta = (ObjectNode) JSON.readTree(line);
            }
        }
        ObjectNode conf = (ObjectNode) meta.get("metaData").get("configuration");
        properties.forEach(conf::put);
        String commit = "{\"commitInfo\":{\"timestamp\":" + System.currentTimeMillis()
                + ",\"operation\":\"SET TBLPROPERTIES\",\"engineInfo\":\"Apache-Spark/4.2.0 Delta-Lake/4.4.0\"}}\n"
                + "{\"protocol\":" + protocol + "}\n" + (properties.isEmpty() ? "" : JSON.writeValueAsString(meta) + "\n");
        Files.writeString(log.resolve(String.format("%020d.json", commits(log).size())), commit);
    }

    static List<String> commits(Path log) throws IOException {
        try (Stream<Path> s = Files.list(log)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{20}\\.json")).sorted().toList();
        }
    }

    List<String> logFiles(String name) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(name).resolve("_delta_log"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<Object[]> rowsOf(LakeTable t, List<DataFile> files) {
        List<Object[]> out = new ArrayList<>();
        t.scan(files, out::add);
        return out;
    }

    @Test
    void legacyVersionsImplyTheirFeatures() {
        assertEquals(Set.of("appendOnly", "invariants"), new TableFeatures.Protocol(1, 2, List.of(), List.of())
                .effectiveWriterFeatures());
        assertEquals(Set.of("appendOnly", "invariants", "checkConstraints", "changeDataFeed", "generatedColumns",
                "columnMapping", "identityColumns"), new TableFeatures.Protocol(2, 6, List.of(), List.of())
                .effectiveWriterFeatures());
        assertEquals(Set.of("columnMapping"), new TableFeatures.Protocol(2, 5, List.of(), List.of())
                .effectiveReaderFeatures());
        assertEquals(Set.of("rowTracking"), new TableFeatures.Protocol(1, 7, List.of(), List.of("rowTracking"))
                .effectiveWriterFeatures(), "writer 7 lists its features, no legacy ones implied");
        assertEquals(Set.of(), new TableFeatures.Protocol(1, 4, List.of(), List.of()).effectiveReaderFeatures());
    }

    @Test
    void aChangeDataFeedTableTakesAppendsCompactionAndCheckpointsButNoRewrite() throws IOException {
        LakeTable t = table("bronze/cdf");
        upgrade("bronze/cdf", "{\"minReaderVersion\":1,\"minWriterVersion\":4}",
                Map.of("delta.enableChangeDataFeed", "true"));
        assertEquals(6, t.readAll().size(), "readable");
        t.append(List.<Object[]>of(new Object[]{"new", 99L}), List.of(new Txn("app", 3)));
        assertEquals(7, t.readAll().size(), "appends need no change files");
        List<DataFile> two = t.files().subList(0, 2);
        t.rewrite(two, rowsOf(t, two), false, List.of(), "OPTIMIZE"); // compaction changes no rows: no change files
        assertEquals(7, t.readAll().size());

        List<String> before = logFiles("bronze/cdf");
        List<DataFile> one = t.files().subList(0, 1);
        TableRefusedException e = assertThrows(TableRefusedException.class,
                () -> t.rewrite(one, List.of(), true, List.of(), "MERGE"));
        assertTrue(e.getMessage().contains("bronze/cdf needs Delta reader 1 / writer 4 with changeDataFeed, which this"
                + " pipeline cannot honour to rewrite it"), e.getMessage());
        assertTrue(e.getMessage().contains("SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'false')"), e.getMessage());
        assertEquals(before, logFiles("bronze/cdf"), "nothing written");
        assertEquals(7, t.readAll().size());

        t.checkpoint();
        LakeTable fresh = DeltaLake.open(dir.toString()).uncachedHandle("bronze/cdf");
        assertEquals("(1, 4)", fresh.protocol(), "our checkpoint keeps the protocol another engine set");
        assertEquals("true", fresh.properties().get("delta.enableChangeDataFeed"));
        assertThrows(TableRefusedException.class, () -> fresh.rewrite(fresh.files().subList(0, 1), List.of(), true,
                List.of(), "MERGE"), "refused from the checkpoint too");
    }

    @Test
    void writerFeaturesSurviveOurCheckpoint() throws IOException {
        LakeTable t = table("silver/features");
        upgrade("silver/features", "{\"minReaderVersion\":1,\"minWriterVersion\":7,"
                + "\"writerFeatures\":[\"appendOnly\",\"invariants\",\"changeDataFeed\"]}", Map.of());
        t.append(List.<Object[]>of(new Object[]{"new", 99L}), List.of(new Txn("app", 3)));
        t.checkpoint();
        long before = FastLog.FROM_CHECKPOINT.get();
        LakeTable fresh = DeltaLake.open(dir.toString()).uncachedHandle("silver/features");
        assertEquals("(1, 7) [appendOnly, invariants, changeDataFeed]", fresh.protocol());
        assertTrue(FastLog.FROM_CHECKPOINT.get() > before, "read back from our checkpoint");
        // not enabled: a rewrite needs no change files
        List<DataFile> one = fresh.files().subList(0, 1);
        fresh.rewrite(one, List.of(), true, List.of(), "DELETE"); // one append's file: two rows
        assertEquals(5, fresh.readAll().size());
    }

    @Test
    void aWriterFeatureWeDoNotKnowLeavesTheTableReadableButRefusesEveryWrite() throws IOException {
        LakeTable t = table("gold/tracked");
        upgrade("gold/tracked", "{\"minReaderVersion\":1,\"minWriterVersion\":7,"
                + "\"writerFeatures\":[\"domainMetadata\",\"rowTracking\",\"appendOnly\",\"invariants\"]}", Map.of());
        assertEquals(6, t.readAll().size());
        assertEquals(4, t.version(), "created, three appends, the upgrade");
        assertEquals("(1, 7) [domainMetadata, rowTracking, appendOnly, invariants]", t.protocol());
        List<String> before = logFiles("gold/tracked");
        TableRefusedException append = assertThrows(TableRefusedException.class,
                () -> t.append(List.<Object[]>of(new Object[]{"new", 1L}), List.of(new Txn("app", 3))));
        assertTrue(append.getMessage().contains("gold/tracked needs Delta reader 1 / writer 7 with domainMetadata,"
                + " rowTracking, which this pipeline cannot honour to append to it"), append.getMessage());
        assertTrue(append.getMessage().contains("DROP FEATURE rowTracking"), append.getMessage());
        List<DataFile> two = t.files().subList(0, 2);
        assertThrows(TableRefusedException.class, () -> t.rewrite(two, rowsOf(t, two), false, List.of(), "OPTIMIZE"));
        assertThrows(TableRefusedException.class, t::checkpoint);
        assertThrows(TableRefusedException.class, () -> t.vacuum(Instant.now()));
        assertEquals(before, logFiles("gold/tracked"), "nothing written");
        assertEquals(6, t.readAll().size());
    }

    @Test
    void aReaderFeatureRefusesTheTableWholeInOneLine() throws IOException {
        LakeTable t = table("gold/dv");
        upgrade("gold/dv", "{\"minReaderVersion\":3,\"minWriterVersion\":7,\"readerFeatures\":[\"deletionVectors\"],"
                + "\"writerFeatures\":[\"deletionVectors\"]}", Map.of("delta.enableDeletionVectors", "true"));
        for (LakeTable handle : List.of(t, DeltaLake.open(dir.toString()).uncachedHandle("gold/dv"))) {
            TableRefusedException e = assertThrows(TableRefusedException.class, handle::readAll);
            assertTrue(e.getMessage().startsWith("table ") && e.getMessage().contains("gold/dv needs Delta reader 3 /"
                    + " writer 7 with deletionVectors, which this pipeline cannot honour (it reads"), e.getMessage());
            assertTrue(e.getMessage().contains("DROP FEATURE deletionVectors"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
            assertThrows(TableRefusedException.class, handle::version);
            assertThrows(TableRefusedException.class,
                    () -> handle.append(List.<Object[]>of(new Object[]{"new", 1L}), List.of(new Txn("app", 3))));
            assertThrows(TableRefusedException.class, () -> handle.createIfAbsent(TableSpec.of("gold.dv", SCHEMA)));
        }
    }

    @Test
    void constraintsAndGeneratedColumnsRefuseNewRowsButNotCompaction() throws IOException {
        LakeTable t = table("bronze/checked");
        upgrade("bronze/checked", "{\"minReaderVersion\":1,\"minWriterVersion\":3}",
                Map.of("delta.constraints.positive", "v > 0"));
        TableRefusedException e = assertThrows(TableRefusedException.class,
                () -> t.append(List.<Object[]>of(new Object[]{"new", 1L}), List.of(new Txn("app", 3))));
        assertTrue(e.getMessage().contains("with checkConstraints") && e.getMessage().contains("DROP CONSTRAINT"),
                e.getMessage());
        List<DataFile> two = t.files().subList(0, 2);
        t.rewrite(two, rowsOf(t, two), false, List.of(), "OPTIMIZE");
        assertEquals(6, t.readAll().size());

        // a legacy writer 3 table without a constraint: nothing to evaluate, appends go on
        LakeTable plain = table("bronze/plain");
        upgrade("bronze/plain", "{\"minReaderVersion\":1,\"minWriterVersion\":3}", Map.of());
        plain.append(List.<Object[]>of(new Object[]{"new", 1L}), List.of(new Txn("app", 3)));
        assertEquals(7, plain.readAll().size());
    }
}
