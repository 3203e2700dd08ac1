package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.cli.CliRunner;
import com.wwi.lakehouse.pipeline.Freshness;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run metrics, read back through the real OpenTelemetry SDK (its in-memory reader) after a landing run of
 * sample data with bad records through the function adapters: what Application Insights would receive.
 */
class RunTelemetryTest {
    @TempDir
    Path dir;

    private final InMemoryMetricReader reader = InMemoryMetricReader.create();
    private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();

    @AfterEach
    void reset() {
        PipelineHolder.closeIfOpen();
        PipelineHolder.useTelemetry(RunTelemetry.global());
        provider.close();
    }

    @Test
    void aRunEmitsEveryMetricWithTheRunsFieldsAsDimensions() throws Exception {
        PipelineHolder.useTelemetry(new RunTelemetry(provider.get("test")));
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        assertEquals(0, CliRunner.run("generate", "--out", landing.toString(), "--scale", "0.05", "--seed", "3",
                "--bad-fraction", "0.05"));
        assertEquals(0, CliRunner.run("run", "--landing", landing.toString(), "--lake", lake.toString()));

        Map<String, MetricData> metrics = new TreeMap<>();
        for (MetricData m : reader.collectAllMetrics()) {
            metrics.put(m.getName(), m);
        }
        Set<String> expected = new java.util.TreeSet<>(RunTelemetry.METRICS);
        expected.remove(RunTelemetry.EVENTHUB_BACKLOG); // asked of a real hub; the local runner has none (EventHubBacklogTest)
        assertEquals(expected, metrics.keySet(), "every declared metric, and only those");

        // landed = Bronze + quarantine, as the counters tell it for the Bronze stages
        long in = sum(metrics.get(RunTelemetry.ROWS_IN), "stage", "bronze-");
        long written = sum(metrics.get(RunTelemetry.ROWS_WRITTEN), "stage", "bronze-");
        long quarantined = sum(metrics.get(RunTelemetry.ROWS_QUARANTINED), "stage", "bronze-");
        assertTrue(quarantined > 0, "bad records were quarantined");
        assertEquals(in, written + quarantined + sum(metrics.get(RunTelemetry.ROWS_DUPLICATE), "stage", "bronze-"));

        Set<String> stages = metrics.get(RunTelemetry.RUNS).getLongSumData().getPoints().stream()
                .map(p -> p.getAttributes().get(RunTelemetry.STAGE)).collect(Collectors.toSet());
        assertTrue(stages.containsAll(Set.of("bronze-file", "bronze-eventhub", "gold-refresh")), stages.toString());
        assertTrue(metrics.get(RunTelemetry.EXPECTATION_FAILURES).getLongSumData().getPoints().stream()
                .allMatch(p -> p.getAttributes().get(RunTelemetry.RULE) != null
                        && p.getAttributes().get(RunTelemetry.ACTION) != null), "per rule and action");
        assertTrue(metrics.get(RunTelemetry.RUNS).getLongSumData().getPoints().stream()
                .filter(p -> "bronze-eventhub".equals(p.getAttributes().get(RunTelemetry.STAGE)))
                .allMatch(p -> p.getAttributes().get(RunTelemetry.PARTITION) != null), "Event Hub runs carry the partition");

        // one lag sample per tweet committed from the hub; the replay's enqueued times are in 2021, so years
        long lagged = metrics.get(RunTelemetry.EVENTHUB_LAG).getHistogramData().getPoints().stream()
                .mapToLong(p -> p.getCount()).sum();
        long tweetsIn = metrics.get(RunTelemetry.ROWS_IN).getLongSumData().getPoints().stream()
                .filter(p -> "bronze-eventhub".equals(p.getAttributes().get(RunTelemetry.STAGE)))
                .mapToLong(p -> p.getValue()).sum();
        assertEquals(tweetsIn, lagged);
        assertTrue(metrics.get(RunTelemetry.EVENTHUB_LAG).getHistogramData().getPoints().stream()
                .allMatch(p -> p.getMin() > 3600), "lag measured from the enqueued time");

        // freshness: every Silver and Gold table, caught up after run (it ends with both timers)
        Set<String> fresh = metrics.get(RunTelemetry.FRESHNESS_VERSIONS).getHistogramData().getPoints().stream()
                .map(p -> p.getAttributes().get(RunTelemetry.TABLE)).collect(Collectors.toSet());
        assertTrue(fresh.contains("silver/twitter_historical_data") && fresh.contains("gold/campaign_sentiment_weekly"),
                fresh.toString());
        var last = Freshness.of(PipelineHolder.get().lake(), PipelineHolder.get().graph(), java.time.Instant.now());
        assertTrue(last.stream().filter(b -> b.table().startsWith("gold/")).allMatch(b -> b.versions() == 0 && b.seconds() == 0),
                last.toString());
    }

    @Test
    void aTableBehindItsInputSaysByHowMuch() throws Exception {
        Path landing = dir.resolve("landing");
        Path lake = dir.resolve("lake");
        assertEquals(0, CliRunner.run("generate", "--out", landing.toString(), "--scale", "0.02", "--seed", "4"));
        assertEquals(0, CliRunner.run("run", "--landing", landing.toString(), "--lake", lake.toString()));
        // more store transactions into Bronze, with the timers not run: gold/sales_train and the rest fall behind
        Path more = dir.resolve("more");
        assertEquals(0, CliRunner.run("generate", "--out", more.toString(), "--scale", "0.02", "--seed", "5"));
        var pipeline = PipelineHolder.get();
        java.time.Instant before = java.time.Instant.now();
        new LandingBlobFunction().run(java.nio.file.Files.readAllBytes(
                        java.nio.file.Files.list(more.resolve("store-transactions")).findFirst().orElseThrow()), "store-transactions", "more.txt",
                new TestContext("LandingBlob"));
        Thread.sleep(1100);
        var behind = Freshness.of(pipeline.lake(), pipeline.graph(), java.time.Instant.now()).stream()
                .filter(b -> b.versions() > 0).toList();
        assertTrue(behind.stream().anyMatch(b -> b.table().startsWith("gold/") && b.seconds() >= 1
                && b.seconds() <= java.time.Duration.between(before, java.time.Instant.now()).toSeconds() + 1), behind.toString());
    }

    private static long sum(MetricData m, String key, String prefix) {
        return m.getLongSumData().getPoints().stream()
                .filter(p -> String.valueOf(p.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey(key)))
                        .startsWith(prefix))
                .mapToLong(p -> p.getValue()).sum();
    }
}
