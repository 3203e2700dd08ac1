package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.ingest.EventBatch;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lag in events: the hub's last sequence number minus the batch's, asked at most every 30 s per partition, off
 * the trigger's thread; a hub that cannot be asked costs a warning, never the ingest. (No Event Hubs runs here: the
 * hub's side is a {@link EventHubBacklog.Tail}; the SDK's side is tried against a loopback address with nothing
 * listening.)
 */
class EventHubBacklogTest {
    private static EventBatch batch(String partition, long first, int n) {
        List<EventBatch.Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new EventBatch.Event(new byte[]{'{', '}'}, first + i, String.valueOf(first + i), Instant.now()));
        }
        return new EventBatch("ns", "tweets", "$Default", partition, events);
    }

    @Test
    void theBacklogIsTheHubsLastSequenceMinusTheBatchsAskedAtMostEvery30sPerPartition() throws Exception {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            RunTelemetry telemetry = new RunTelemetry(provider.get("test"));
            AtomicLong clock = new AtomicLong();
            AtomicInteger asked = new AtomicInteger();
            EventHubBacklog backlog = new EventHubBacklog(p -> {
                asked.incrementAndGet();
                return p.equals("0") ? 1_499 : 99;
            }, clock::get);
            backlog.after(batch("0", 0, 100), telemetry);     // sequences 0..99: 1,400 behind
            backlog.after(batch("0", 100, 100), telemetry);   // within 30 s: not asked
            backlog.after(batch("1", 0, 100), telemetry);     // another partition: caught up
            clock.addAndGet(31_000_000_000L);
            backlog.after(batch("0", 200, 100), telemetry);   // 1,200 behind
            backlog.drain();
            assertEquals(3, asked.get());
            MetricData m = reader.collectAllMetrics().stream()
                    .filter(d -> d.getName().equals(RunTelemetry.EVENTHUB_BACKLOG)).findFirst().orElseThrow();
            Map<String, HistogramPointData> byPartition = new java.util.HashMap<>();
            for (HistogramPointData p : m.getHistogramData().getPoints()) {
                byPartition.put(p.getAttributes().get(RunTelemetry.PARTITION), p);
            }
            assertEquals(2, byPartition.get("0").getCount());
            assertEquals(1_400, byPartition.get("0").getMax());
            assertEquals(1_200, byPartition.get("0").getMin());
            assertEquals(0, byPartition.get("1").getMax());
        }
    }

    @Test
    void aHubThatCannotBeAskedNeverHoldsUpOrFailsTheIngest() throws Exception {
        assertNull(EventHubBacklog.fromSettings(Map.of()), "no hub in the settings: no probe (the local runner)");
        EventHubBacklog backlog = EventHubBacklog.fromSettings(Map.of("LAKEHOUSE_TWEETS_HUB", "tweets",
                "TweetsEventHub", "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=k;SharedAccessKey=dGVzdA==;EntityPath=tweets"));
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            long t0 = System.nanoTime();
            backlog.after(batch("0", 0, 10), new RunTelemetry(provider.get("test")));
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "returns at once");
            backlog.drain();
            assertTrue(reader.collectAllMetrics().stream().noneMatch(d -> d.getName().equals(RunTelemetry.EVENTHUB_BACKLOG)),
                    "nothing measured, nothing thrown");
        }
    }
}
