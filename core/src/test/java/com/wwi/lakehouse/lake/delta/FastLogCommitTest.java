package com.wwi.lakehouse.lake.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.lake.DataFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commit lines written without Jackson's tree model hold exactly what the tree model wrote. */
class FastLogCommitTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonStringLiteralsRoundTripThroughJackson() throws Exception {
        Random rnd = new Random(7);
        List<String> samples = new ArrayList<>(List.of("", "plain", "quote \" backslash \\ slash /",
                "controls \n\r\t\b\f \u0000 \u001f end", "unicode é 日本 \uDBFF\uDFFF max", "\"", "\\\\\"\""));
        for (int k = 0; k < 500; k++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                int pick = rnd.nextInt(6);
                sb.append(switch (pick) {
                    case 0 -> (char) rnd.nextInt(0x20);
                    case 1 -> '"';
                    case 2 -> '\\';
                    case 3 -> (char) (0x80 + rnd.nextInt(0x700));
                    default -> (char) (0x20 + rnd.nextInt(0x5f));
                });
            }
            samples.add(sb.toString());
        }
        for (String s : samples) {
            String literal = Json.string(new StringBuilder(), s).toString();
            assertEquals(s, JSON.readValue(literal, String.class), literal);
        }
    }

    @Test
    void commitLinesEqualTheTreeModelsCommit() throws Exception {
        Map<String, String> pv = new LinkedHashMap<>();
        pv.put("city", "Z\u00fcrich \"old\"");
        pv.put("none", null);
        List<DataFile> adds = List.of(
                new DataFile("part-00000-a.c000.snappy.parquet", Map.of(), 1234, 10, 1_700_000_000_000L, true,
                        "{\"numRecords\":10,\"minValues\":{\"text\":\"a\\\"b\\n\"},\"maxValues\":{\"text\":\"z\uDBFF\uDFFF\"},"
                                + "\"nullCount\":{\"text\":0}}"),
                new DataFile("city=Z%C3%BCrich/part-00001-b.c000.snappy.parquet", pv, 99, 1, 5L, false, null));
        Map<String, Long> txns = new LinkedHashMap<>();
        txns.put("eventhub:ns/hub/$Default/0", 41L);
        txns.put("app \"two\"", 7L);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mode", "\"Append\"");
        params.put("partitionBy", "[\"city\"]");

        List<String> lines = FastLog.commitLines(12, 1_700_000_000_123L, adds, txns, params, 11, 1333);
        assertEquals(1 + txns.size() + adds.size(), lines.size());
        for (String line : lines) {
            assertTrue(!line.contains("\n"), "one action per line");
        }

        // what the tree model wrote before (txnId is random: taken from the line)
        JsonNode ci = JSON.readTree(lines.get(0)).get("commitInfo");
        ObjectNode expected = JSON.createObjectNode();
        expected.put("timestamp", 1_700_000_000_123L);
        expected.put("operation", "WRITE");
        ObjectNode p = expected.putObject("operationParameters");
        params.forEach(p::put);
        expected.put("readVersion", 12L);
        expected.put("isolationLevel", "Serializable");
        expected.put("isBlindAppend", true);
        ObjectNode m = expected.putObject("operationMetrics");
        m.put("numFiles", "2");
        m.put("numOutputRows", "11");
        m.put("numOutputBytes", "1333");
        expected.put("engineInfo", DeltaTable.ENGINE_INFO);
        expected.put("txnId", ci.get("txnId").asText());
        ObjectNode expectedLine = JSON.createObjectNode();
        expectedLine.set("commitInfo", expected);
        assertEquals(JSON.writeValueAsString(expectedLine), lines.get(0), "byte for byte what Jackson wrote");
        assertTrue(ci.get("txnId").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));

        int i = 1;
        for (Map.Entry<String, Long> t : txns.entrySet()) {
            ObjectNode n = JSON.createObjectNode();
            ObjectNode x = n.putObject("txn");
            x.put("appId", t.getKey());
            x.put("version", t.getValue());
            x.put("lastUpdated", 1_700_000_000_123L);
            assertEquals(JSON.writeValueAsString(n), lines.get(i++), "byte for byte what Jackson wrote");
        }
        for (DataFile a : adds) {
            ObjectNode n = JSON.createObjectNode();
            ObjectNode x = n.putObject("add");
            x.put("path", a.path());
            ObjectNode pvs = x.putObject("partitionValues");
            a.partitionValues().forEach(pvs::put);
            x.put("size", a.sizeBytes());
            x.put("modificationTime", a.modificationTime());
            x.put("dataChange", a.dataChange());
            x.put("stats", a.stats());
            assertEquals(JSON.writeValueAsString(n), lines.get(i++), "byte for byte what Jackson wrote");
        }
    }

    /**
     * The streaming reader of other writers' commits takes back exactly what a commit wrote, also with the fields
     * other engines add (tags, deletion vectors, unknown objects), removes, and a metaData line (rebuild).
     */
    @Test
    void applyReadsBackWhatACommitWrote() throws Exception {
        Map<String, String> pv = new LinkedHashMap<>();
        pv.put("city", "Z\u00fcrich \"old\"");
        pv.put("none", null);
        String stats = "{\"numRecords\":10,\"minValues\":{\"text\":\"a\\\"b\\n\"},\"nullCount\":{\"text\":0}}";
        List<DataFile> adds = List.of(
                new DataFile("part-00000-a.c000.snappy.parquet", Map.of(), 1234, 10, 1_700_000_000_000L, true, stats),
                new DataFile("city=Z%C3%BCrich/part-00001-b.c000.snappy.parquet", pv, 99, -1, 5L, false, null));
        Map<String, Long> txns = new LinkedHashMap<>();
        txns.put("eventhub:ns/hub/$Default/0", 41L);
        txns.put("app \"two\"", 7L);
        List<String> lines = new ArrayList<>(FastLog.commitLines(0, 1_700_000_000_123L, adds, txns, Map.of(), 11, 1333));
        // as delta-spark writes them: more fields, in another order, nested objects it alone knows
        lines.add("{\"add\":{\"tags\":{\"INSERTION_TIME\":\"1\"},\"deletionVector\":null,\"path\":\"spark.parquet\","
                + "\"partitionValues\":{\"n\":7},\"size\":5,\"modificationTime\":6,\"dataChange\":true,"
                + "\"clusteringProvider\":{\"x\":[1,{\"y\":2}]},\"stats\":\"{\\\"numRecords\\\":3}\"}}");
        lines.add("");
        FastLog log = new FastLog(new org.apache.hadoop.conf.Configuration(),
                new org.apache.hadoop.fs.Path("/nonexistent-table"), () -> null);
        assertTrue(log.apply(0, String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(0, log.version());
        assertEquals(txns, log.txns());
        List<DataFile> read = log.dataFiles();
        assertEquals(3, read.size());
        assertEquals(adds.get(0), read.get(0));
        assertEquals(adds.get(1).path(), read.get(1).path());
        assertEquals(pv, read.get(1).partitionValues());
        assertEquals(null, read.get(1).stats());
        assertEquals(false, read.get(1).dataChange());
        assertEquals(new DataFile("spark.parquet", Map.of("n", "7"), 5, 3, 6, true, "{\"numRecords\":3}"), read.get(2));

        String remove = "{\"remove\":{\"path\":\"spark.parquet\",\"deletionTimestamp\":9,\"dataChange\":true,"
                + "\"extendedFileMetadata\":true,\"partitionValues\":{\"n\":\"7\"},\"size\":5}}";
        assertTrue(log.apply(1, remove.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(2, log.dataFiles().size());
        assertEquals("spark.parquet", log.firstMissing(List.of(read.get(2))));
        assertTrue(!log.apply(2, "{\"metaData\":{\"id\":\"x\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "a metadata change asks for a rebuild");
    }
}
