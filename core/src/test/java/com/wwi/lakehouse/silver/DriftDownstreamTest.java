package com.wwi.lakehouse.silver;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.CampaignCsv;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Silver and Gold are unaffected by an evolved Bronze table: they read Bronze by the declared columns, which keep
 * their places (new columns come after the lineage columns); a pipeline opened again on the evolved lake, under any
 * policy, lands into the table as it now is.
 */
class DriftDownstreamTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    static EventBatch batch(String partition, long from, String... extras) {
        List<EventBatch.Event> events = new ArrayList<>();
        long seq = from;
        for (String extra : extras) {
            String body = "{\"time\":\"2021-06-27T10:00:00Z\",\"hashtag\":\"#x\",\"tweet\":\"I love the #GoGreen range "
                    + seq + "\",\"city\":\"Oslo\",\"retweetcount\":1" + extra + "}";
            events.add(new EventBatch.Event(body.getBytes(StandardCharsets.UTF_8), seq++, partition, Instant.EPOCH));
        }
        return new EventBatch("ns", "tweets", "$Default", partition, events);
    }

    @Test
    void anEvolvedBronzeTweetsTableStillFeedsSilverAndGoldVerifies() {
        SilverStageTest.WordScorer scorer = new SilverStageTest.WordScorer();
        Pipeline p = pipelines.open(Settings.local(dir.toString()).withDrift(Map.of("tweets", Drift.EVOLVE)), scorer);
        byte[] campaigns = (CampaignCsv.HEADER + CampaignCsv.campaign("Germany", "GoGreen", "5", "2021-06-27"))
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestFile(new LandedFile("campaigns/c.csv", "e1",
                campaigns.length, () -> new ByteArrayInputStream(campaigns))).status());

        assertEquals(2, p.ingestEvents(batch("0", 0, "", "")).rowsWritten());
        RunResult r = p.ingestEvents(batch("0", 2, ",\"device\":\"phone\"", ",\"reach\":3", ""));
        assertEquals(3, r.rowsWritten(), r.toString());
        LakeTable bronze = p.lake().table(Dataset.TWEETS.bronzePath());
        assertEquals(Dataset.TWEETS.bronzeSchema().size() + 2, bronze.schema().size(), bronze.schema().names().toString());

        LakeTable silver = p.lake().table(SilverStage.TABLE);
        assertEquals(SilverStage.SCHEMA, silver.schema(), "Silver's schema is its own");
        assertEquals(5, silver.readAll().size(), "every campaign tweet of Bronze, before and after the change");
        assertEquals(RunStatus.SKIPPED, p.silver().orElseThrow().catchUp().status(), "the live path missed nothing");

        p.gold().run();
        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), p.graph())) {
            assertTrue(v.ok(), v.toString());
        }
        assertTrue(GoldVerify.verify(p.lake(), p.graph()).stream().anyMatch(v -> v.rows() > 0), "Gold holds rows");
    }

    @Test
    void aPipelineOpenedOnAnEvolvedLakeLandsIntoTheTableAsItIsUnderAnyPolicy() {
        Pipeline evolve = pipelines.open(Settings.local(dir.toString()).withDrift(Map.of("tweets", Drift.EVOLVE)));
        evolve.bronze().ingestEvents(batch("0", 0, ",\"device\":\"phone\""));
        evolve.close();

        // the lab's graph (rescue): the pipeline opens (the table has a column more than the code declares) and the
        // column, now part of the table, takes the field of its name
        Pipeline rescue = pipelines.open(Settings.local(dir.toString()));
        assertEquals(Drift.RESCUE, LabGraph.GRAPH.landings().get(0).drift());
        RunResult r = rescue.bronze().ingestEvents(batch("1", 0, ",\"device\":\"tablet\",\"other\":1"));
        assertEquals(1, r.rowsWritten(), r.toString());
        LakeTable bronze = rescue.lake().table(Dataset.TWEETS.bronzePath());
        Object[] row = bronze.readAll().stream()
                .filter(x -> "eventhub:tweets/1".equals(x[bronze.schema().position("_source")])).findFirst().orElseThrow();
        assertEquals("tablet", row[bronze.schema().position("device")]);
        assertEquals("{\"other\":1}", row[bronze.schema().position(Dataset.RESCUED_DATA)]);
    }
}
