package com.wwi.lakehouse.functions;

import com.google.gson.Gson;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The function methods, called as the host calls them, land rows in Bronze. */
class FunctionAdaptersTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path lake;
    Pipeline pipeline;

    @BeforeEach
    void open() {
        pipeline = pipelines.open(Settings.local(lake.toString()));
        PipelineHolder.use(pipeline, null, LandingStore.AfterIngest.KEEP);
    }

    static final String CAMPAIGNS = """
            Region,Country,ProductCategory,Campaign_ID,Campaign_Name,Qualification,Qualification_Number,Response_Status,Responses,Cost,Revenue,ROI,Lead_Generation,Revenue_Target,Campaign_Tactic,Customer_Segment,Status,Profit,Marketing_Cost,CampaignID,CampDate,SORTED_ID
            North & Central America,USA,null,117,futureTech,NA,NA,Active,162.5,174,11957.67,13860,NA,129370,"Baby Boomers (45 ? 60s)",Social,Inquiries,1423.07,32.776,11,2021-06-27,3
            Europe,Germany,null,118,fashion,NA,NA,Active,10,20,30,1.5,NA,40,"Gen Z, students",Email,Inquiries,-5.5,3.25,12,2021-07-02,4
            """;

    long rows(String table) {
        return pipeline.lake().table(table).readAll().size();
    }

    @Test
    void blobTriggerLandsACampaignFileOnce() {
        TestContext ctx = new TestContext("LandingBlob");
        LandingBlobFunction f = new LandingBlobFunction();
        byte[] content = CAMPAIGNS.getBytes(StandardCharsets.UTF_8);
        f.run(content, "campaigns", "campaign-data2.csv", ctx);
        f.run(content, "campaigns", "campaign-data2.csv", ctx); // Event Grid redelivers
        assertEquals(2, rows(Dataset.CAMPAIGNS.bronzePath()));
        Object[] first = pipeline.lake().table(Dataset.CAMPAIGNS.bronzePath()).readAll().stream()
                .filter(r -> Integer.valueOf(117).equals(r[3])).findFirst().orElseThrow();
        assertEquals("null", first[2], "the text null stays a string, as Spark reads it");
        assertEquals("Baby Boomers (45 ? 60s)", first[14]);
        assertEquals(LocalDate.of(2021, 6, 27), first[20]);
        assertEquals("landing/campaigns/campaign-data2.csv", first[23]);
        assertEquals(2L, first[24], "line number");
        assertTrue(ctx.logged.get(1).getMessage().contains("skipped"), ctx.logged.get(1).getMessage());
    }

    @Test
    void blobTriggerRejectsAnUnknownFolderWithAWarningAndKeepsGoing() {
        TestContext ctx = new TestContext("LandingBlob");
        new LandingBlobFunction().run("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), "invoices", "x.csv", ctx);
        assertEquals(Level.WARNING, ctx.logged.get(0).getLevel());
        assertTrue(ctx.logged.get(0).getMessage().contains("unknown dataset folder 'invoices'"));
        List<Object[]> runs = pipeline.eventLog().latest(1);
        assertEquals("rejected", runs.get(0)[4]);
    }

    @Test
    void eventHubTriggerLandsABatchAndSkipsARedelivery() {
        byte[][] events = bytes(
                "{\"time\":\"2021-06-27T10:00:00Z\",\"hashtag\":\"#gogreen\",\"tweet\":\"Go #GoGreen\",\"city\":\"Seattle\",\"retweetcount\":3}",
                "{\"Time\":\"2021-06-27T11:00:00\",\"Hashtag\":\"#beach\",\"Tweet\":\"sun\",\"City\":null}",
                "not json");
        TweetsEventHubFunction.SystemProperties[] props = new TweetsEventHubFunction.SystemProperties[3];
        for (int i = 0; i < 3; i++) {
            props[i] = new TweetsEventHubFunction.SystemProperties();
            props[i].SequenceNumber = String.valueOf(100 + i);
            props[i].Offset = String.valueOf(i * 10);
            props[i].EnqueuedTimeUtc = "2021-06-27T12:00:0" + i + "Z";
        }
        Map<String, Object> partition = Map.of("FullyQualifiedNamespace", "ns.servicebus.windows.net",
                "EventHubName", "tweets", "ConsumerGroup", "$Default", "PartitionId", "3");
        TweetsEventHubFunction f = new TweetsEventHubFunction();
        f.run(events, props, partition, new TestContext("TweetsEventHub"));
        f.run(events, props, partition, new TestContext("TweetsEventHub"));
        LakeTable bronze = pipeline.lake().table(Dataset.TWEETS.bronzePath());
        List<Object[]> rows = bronze.readAll();
        assertEquals(1, rows.size(), "one valid tweet; the city-less one is dropped, the garbage quarantined");
        assertEquals("eventhub:tweets/3", rows.get(0)[13]);
        assertEquals(100L, rows.get(0)[14]);
        assertEquals(Instant.parse("2021-06-27T12:00:00Z"), rows.get(0)[15]);
        assertEquals(2, rows(SystemTables.QUARANTINE));
        assertEquals(102L, bronze.txnVersion("eventhub/ns.servicebus.windows.net/tweets/$Default/3").orElseThrow());
    }

    @Test
    void maintenanceTimerCompactsTheSmallFilesOfManyLandingsAndFailsWhenATableFails() throws Exception {
        LandingBlobFunction landing = new LandingBlobFunction();
        for (int i = 0; i < 9; i++) {
            landing.run(CAMPAIGNS.getBytes(StandardCharsets.UTF_8), "campaigns", "campaigns-" + i + ".csv",
                    new TestContext("LandingBlob"));
        }
        LakeTable bronze = pipeline.lake().table(Dataset.CAMPAIGNS.bronzePath());
        assertEquals(9, bronze.files().size());
        TestContext ctx = new TestContext("LakeMaintenance");
        new LakeMaintenanceFunction().run("{}", ctx);
        assertEquals(1, bronze.files().size());
        assertEquals(18, rows(Dataset.CAMPAIGNS.bronzePath()));
        assertTrue(ctx.logged.stream().anyMatch(r -> r.getMessage().contains("-> bronze/campaign_data: committed")
                && r.getLevel() == Level.INFO), ctx.logged.toString());

        // a referenced data file lost: that table's run fails, the function reports it to the host
        for (int i = 0; i < 8; i++) {
            landing.run(CAMPAIGNS.getBytes(StandardCharsets.UTF_8), "campaigns", "more-" + i + ".csv",
                    new TestContext("LandingBlob"));
        }
        Files.delete(lake.resolve(Dataset.CAMPAIGNS.bronzePath()).resolve(bronze.files().get(1).path()));
        TestContext failing = new TestContext("LakeMaintenance");
        assertThrows(IllegalStateException.class, () -> new LakeMaintenanceFunction().run("{}", failing));
        assertTrue(failing.logged.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().contains("compaction failed")), failing.logged.toString());
    }

    static byte[][] bytes(String... bodies) {
        byte[][] out = new byte[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            out[i] = bodies[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    static final Gson GSON = new Gson(); // as the Java worker: RpcJsonDataSource's "new Gson()"

    /**
     * The trigger metadata exactly as the host sends it and the worker binds it. Sources: the Event Hubs extension
     * builds it in Azure/azure-sdk-for-net {@code Microsoft.Azure.WebJobs.Extensions.EventHubs/src/Triggers/
     * EventHubTriggerBindingStrategy.cs} ({@code SystemPropertiesArray}: each event's system properties, the AMQP
     * {@code x-opt-*} annotations among them, with {@code SequenceNumber} (long), {@code Offset},
     * {@code PartitionKey}, {@code EnqueuedTimeUtc} = {@code EnqueuedTime.DateTime}, which Newtonsoft writes
     * without a zone; {@code PartitionContext}: {@code TriggerPartitionContext} of Azure.Messaging.EventHubs, whose
     * {@code FullyQualifiedNamespace}, {@code EventHubName}, {@code ConsumerGroup}, {@code PartitionId} are strings,
     * plus {@code IsCheckpointingAfterInvocation}); the host serialises binding data with Newtonsoft
     * ({@code JsonConvert.SerializeObject}, PascalCase kept) and the worker reads it with a default Gson
     * (Azure/azure-functions-java-worker {@code RpcJsonDataSource}, Gson 2.9; here the Gson DJL brings), whose {@code Map<String, Object>} holds numbers
     * as doubles. The docs' sample appends "Z" to {@code EnqueuedTimeUtc} for the same reason (MicrosoftDocs
     * azure-docs, {@code functions-bindings-event-hubs-trigger.md}). Bodies: {@code dataType = "binary"} makes the
     * host send {@code collection_bytes} (azure-functions-host {@code GrpcMessageConversionExtensions}), which
     * the worker converts to {@code byte[][]} ({@code RpcCollectionByteArrayDataSource}).
     */
    static final String SYSTEM_PROPERTIES = """
            [{"x-opt-sequence-number":4294967301,"x-opt-offset":"8589934592","x-opt-enqueued-time":"2026-12-03T10:00:00.123Z",
              "SequenceNumber":4294967301,"Offset":8589934592,"PartitionKey":null,"EnqueuedTimeUtc":"2026-12-03T10:00:00.1234567"},
             {"x-opt-sequence-number":4294967302,"x-opt-offset":"8589934700","x-opt-enqueued-time":"2026-12-03T10:00:01Z",
              "SequenceNumber":4294967302,"Offset":"8589934700","PartitionKey":"seattle","EnqueuedTimeUtc":"2026-12-03T10:00:01"}]
            """;
    static final String PARTITION_CONTEXT = """
            {"FullyQualifiedNamespace":"wwi-ns.servicebus.windows.net","EventHubName":"tweets","ConsumerGroup":"$Default",
             "PartitionId":"7","IsCheckpointingAfterInvocation":true}
            """;

    @Test
    void hostMetadataIsReadAsTheWorkerBindsIt() {
        TweetsEventHubFunction.SystemProperties[] props = GSON.fromJson(SYSTEM_PROPERTIES,
                TweetsEventHubFunction.SystemProperties[].class);
        @SuppressWarnings("unchecked") Map<String, Object> partition = GSON.fromJson(PARTITION_CONTEXT, Map.class);
        EventBatch b = TweetsEventHubFunction.toBatch(bytes("{}", "{}"), props, partition);
        assertEquals("7", b.partitionId());
        assertEquals("eventhub/wwi-ns.servicebus.windows.net/tweets/$Default/7", b.appId());
        assertEquals(4294967301L, b.events().get(0).sequenceNumber(), "a sequence number above 2^32, exactly");
        assertEquals(4294967302L, b.events().get(1).sequenceNumber());
        assertEquals(Instant.parse("2026-12-03T10:00:00.123456Z"), b.events().get(0).enqueuedTime(),
                "no zone means UTC; 7 fraction digits to microseconds");
        assertEquals(Instant.parse("2026-12-03T10:00:01Z"), b.events().get(1).enqueuedTime());
        // a partition id or sequence number that went through a double is still read exactly
        Map<String, Object> numeric = new HashMap<>(partition);
        numeric.put("PartitionId", 7.0);
        props[0].SequenceNumber = "4.294967301E9";
        b = TweetsEventHubFunction.toBatch(bytes("{}", "{}"), props, numeric);
        assertEquals("7", b.partitionId());
        assertEquals(4294967301L, b.events().get(0).sequenceNumber());
    }

    @Test
    void anEventThatIsNotUtf8IsQuarantinedAsBase64NotAltered() {
        byte[] bad = {'{', '"', 't', 'w', 'e', 'e', 't', '"', ':', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ',',
                '"', 'c', 'i', 't', 'y', '"', ':', '"', 'X', '"', '}'};
        TweetsEventHubFunction.SystemProperties[] props = GSON.fromJson(SYSTEM_PROPERTIES,
                TweetsEventHubFunction.SystemProperties[].class);
        @SuppressWarnings("unchecked") Map<String, Object> partition = GSON.fromJson(PARTITION_CONTEXT, Map.class);
        new TweetsEventHubFunction().run(new byte[][]{bad, "{\"city\":\"Oslo\"}".getBytes(StandardCharsets.UTF_8)},
                props, partition, new TestContext("TweetsEventHub"));
        List<Object[]> q = pipeline.lake().table(SystemTables.QUARANTINE).readAll();
        assertEquals(1, q.size());
        assertEquals(Base64.getEncoder().encodeToString(bad), q.get(0)[3]);
        assertEquals("base64", q.get(0)[4]);
        assertEquals("event body is not valid UTF-8", q.get(0)[6]);
        assertEquals(1, rows(Dataset.TWEETS.bronzePath()));
    }

    @Test
    void unusableMetadataFailsWithOneLineThenTheEventsAreSetAsideInQuarantine() {
        TweetsEventHubFunction f = new TweetsEventHubFunction();
        byte[][] events = bytes("{\"city\":\"Oslo\"}", "{\"city\":\"Rome\"}");
        TweetsEventHubFunction.SystemProperties[] props = GSON.fromJson(SYSTEM_PROPERTIES,
                TweetsEventHubFunction.SystemProperties[].class);
        props[1].SequenceNumber = null;
        @SuppressWarnings("unchecked") Map<String, Object> partition = GSON.fromJson(PARTITION_CONTEXT, Map.class);
        for (int retry = 0; retry < TweetsEventHubFunction.METADATA_ATTEMPTS - 1; retry++) {
            TestContext ctx = new TestContext("TweetsEventHub");
            ctx.retryCount = retry;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.run(events, props, partition, ctx));
            assertEquals("unusable Event Hub metadata (delivery " + (retry + 1) + " of 5): SystemPropertiesArray[1]"
                    + ".SequenceNumber is missing, not a sequence number: cannot key exactly-once commits", e.getMessage());
            assertEquals(0, rows(SystemTables.QUARANTINE), "nothing set aside while the host still retries");
        }
        for (int again = 0; again < 2; again++) { // the last delivery, and a redelivery of it: set aside once
            TestContext last = new TestContext("TweetsEventHub");
            last.retryCount = TweetsEventHubFunction.METADATA_ATTEMPTS - 1;
            f.run(events, props, partition, last); // returns: the partition moves on
            assertTrue(last.logged.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                    && r.getMessage().contains(": rejected, 2 in")), last.logged.toString());
        }
        List<Object[]> q = pipeline.lake().table(SystemTables.QUARANTINE).readAll();
        assertEquals(2, q.size());
        assertEquals("metadata", q.get(0)[5]);
        assertEquals("{\"city\":\"Oslo\"}", q.get(0)[3]);
        assertEquals("eventhub:tweets/7", q.get(0)[1]);
        assertEquals(0, rows(Dataset.TWEETS.bronzePath()));
        List<Object[]> runs = pipeline.eventLog().latest(2);
        assertEquals("rejected", runs.get(0)[4]);
        assertTrue(((String) runs.get(0)[13]).contains("are in _system/quarantine (kind metadata)"), (String) runs.get(0)[13]);
    }

    @Test
    void eventHubMetadataThatDoesNotMatchTheBatchIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TweetsEventHubFunction.toBatch(
                new byte[][]{{'{', '}'}}, new TweetsEventHubFunction.SystemProperties[0], Map.of("PartitionId", "0")));
        assertTrue(e.getMessage().contains("SystemPropertiesArray"));
    }
}
