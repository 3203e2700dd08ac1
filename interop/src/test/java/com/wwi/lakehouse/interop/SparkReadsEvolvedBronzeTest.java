package com.wwi.lakehouse.interop;

import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.testing.Pipelines;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A Bronze table the pipeline evolved (drift policy {@code evolve}) is a table Spark 4.2 + delta-spark 4.4 reads
 * as its own: the new columns at the end with their types, the metadata commit an ADD COLUMNS in its history, rows
 * landed before null there; Spark appends to it and the pipeline goes on after.
 */
class SparkReadsEvolvedBronzeTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static EventBatch batch(String partition, String... extras) {
        List<EventBatch.Event> events = new ArrayList<>();
        long seq = 0;
        for (String extra : extras) {
            String body = "{\"time\":\"2021-06-27T10:00:00Z\",\"hashtag\":\"#x\",\"tweet\":\"t" + seq
                    + "\",\"city\":\"Oslo\",\"retweetcount\":1" + extra + "}";
            events.add(new EventBatch.Event(body.getBytes(StandardCharsets.UTF_8), seq++, partition, Instant.EPOCH));
        }
        return new EventBatch("ns", "tweets", "$Default", partition, events);
    }

    @Test
    void sparkReadsTheEvolvedColumnsAndAppendsToTheTable() {
        String root = dir.resolve("lake").toString();
        Pipeline p = pipelines.open(Settings.local(root).withDrift(Map.of("tweets", Drift.EVOLVE)));
        p.bronze().ingestEvents(batch("0", ""));
        RunResult r = p.bronze().ingestEvents(batch("1", ",\"device\":\"phone\",\"reach\":12,\"score\":0.5,"
                + "\"verified\":true"));
        assertEquals(1, r.rowsWritten(), r.toString());
        String path = root + "/" + com.wwi.lakehouse.datasets.Dataset.TWEETS.bronzePath();

        SparkSession spark = SparkPeer.get();
        Dataset<Row> table = spark.read().format("delta").load(path);
        StructType schema = table.schema();
        int declared = com.wwi.lakehouse.datasets.Dataset.TWEETS.bronzeSchema().size();
        assertEquals(declared + 4, schema.fields().length, schema.treeString());
        List<String> added = Arrays.stream(schema.fields()).skip(declared).map(StructField::name).toList();
        assertEquals(List.of("device", "reach", "score", "verified"), added);
        assertEquals(DataTypes.StringType, schema.apply("device").dataType());
        assertEquals(DataTypes.LongType, schema.apply("reach").dataType());
        assertEquals(DataTypes.DoubleType, schema.apply("score").dataType());
        assertEquals(DataTypes.BooleanType, schema.apply("verified").dataType());
        assertEquals("_ingested_at", schema.fields()[declared - 1].name(), "the lineage columns kept their places");

        Row evolved = table.where("_source = 'eventhub:tweets/1'").first();
        assertEquals("phone", evolved.getAs("device"));
        assertEquals(12L, (long) evolved.<Long>getAs("reach"));
        assertEquals(0.5, evolved.<Double>getAs("score"));
        assertEquals(true, evolved.<Boolean>getAs("verified"));
        assertNull(table.where("_source = 'eventhub:tweets/0'").first().getAs("device"), "a row landed before");
        List<String> ops = spark.sql("DESCRIBE HISTORY delta.`" + path + "`").select("operation").collectAsList()
                .stream().map(x -> x.getString(0)).toList();
        assertEquals(1, ops.stream().filter("ADD COLUMNS"::equals).count(), ops.toString());

        // Spark appends a row of its own; the pipeline lands after it, and Spark reads both
        spark.sql("INSERT INTO delta.`" + path + "` (city, device, reach, _source) VALUES ('Rome', 'spark', 7, 'spark')");
        RunResult after = p.bronze().ingestEvents(batch("2", ",\"device\":\"tablet\""));
        assertEquals(1, after.rowsWritten(), after.toString());
        Dataset<Row> again = spark.read().format("delta").load(path);
        assertEquals(4, again.count());
        assertEquals("tablet", again.where("_source = 'eventhub:tweets/2'").first().getAs("device"));
        assertEquals(7L, (long) again.where("_source = 'spark'").first().<Long>getAs("reach"));
    }
}
