package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.pipeline.Freshness;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The run metrics, through the OpenTelemetry API: in Azure the Application Insights Java agent that the Functions
 * Java worker loads ({@code APPLICATIONINSIGHTS_ENABLE_AGENT=true}) exports them to the {@code customMetrics} table
 * with their attributes as {@code customDimensions}; anywhere else (the CLI, tests without an SDK) they cost a no-op.
 * Every name is in {@link #METRICS}; the queries under {@code infra/monitoring/} and the workbook and alerts of
 * {@code infra/bicep/main.bicep} use exactly these (InfraTemplateTest checks both ways).
 *
 * <p>Dimensions are the run's fields of low cardinality: {@code stage}, {@code table}, {@code status}, and
 * {@code partition} for Event Hub runs; per rule {@code rule} and {@code action}. The run id and the source file are
 * left out (one time series per file would not aggregate); they are in the event log.
 */
public final class RunTelemetry implements Consumer<RunResult> {
    public static final String ROWS_IN = "lakehouse.rows.in";
    public static final String ROWS_WRITTEN = "lakehouse.rows.written";
    public static final String ROWS_QUARANTINED = "lakehouse.rows.quarantined";
    public static final String ROWS_DUPLICATE = "lakehouse.rows.duplicate";
    public static final String RUNS = "lakehouse.runs";
    public static final String RUN_DURATION = "lakehouse.run.duration";
    public static final String EXPECTATION_FAILURES = "lakehouse.expectation.failures";
    public static final String FRESHNESS_SECONDS = "lakehouse.freshness.seconds";
    public static final String FRESHNESS_VERSIONS = "lakehouse.freshness.versions";
    public static final String EVENTHUB_LAG = "lakehouse.eventhub.lag";
    public static final String EVENTHUB_BACKLOG = "lakehouse.eventhub.backlog";

    /** Every metric this class emits. */
    public static final List<String> METRICS = List.of(ROWS_IN, ROWS_WRITTEN, ROWS_QUARANTINED, ROWS_DUPLICATE, RUNS,
            RUN_DURATION, EXPECTATION_FAILURES, FRESHNESS_SECONDS, FRESHNESS_VERSIONS, EVENTHUB_LAG, EVENTHUB_BACKLOG);

    static final AttributeKey<String> STAGE = AttributeKey.stringKey("stage");
    static final AttributeKey<String> TABLE = AttributeKey.stringKey("table");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("partition");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("rule");
    static final AttributeKey<String> ACTION = AttributeKey.stringKey("action");
    static final AttributeKey<String> LAYER = AttributeKey.stringKey("layer");

    private final LongCounter rowsIn;
    private final LongCounter rowsWritten;
    private final LongCounter rowsQuarantined;
    private final LongCounter rowsDuplicate;
    private final LongCounter runs;
    private final DoubleHistogram duration;
    private final LongCounter expectationFailures;
    private final DoubleHistogram freshnessSeconds;
    private final DoubleHistogram freshnessVersions;
    private final DoubleHistogram lag;
    private final DoubleHistogram backlog;

    /** On the global OpenTelemetry (the agent's in Azure; a no-op elsewhere). */
    public static RunTelemetry global() {
        return new RunTelemetry(GlobalOpenTelemetry.getMeter("com.wwi.lakehouse"));
    }

    public RunTelemetry(Meter meter) {
        rowsIn = meter.counterBuilder(ROWS_IN).setUnit("{row}").setDescription("records a run read").build();
        rowsWritten = meter.counterBuilder(ROWS_WRITTEN).setUnit("{row}").setDescription("rows a run committed").build();
        rowsQuarantined = meter.counterBuilder(ROWS_QUARANTINED).setUnit("{row}")
                .setDescription("records a run committed to the quarantine").build();
        rowsDuplicate = meter.counterBuilder(ROWS_DUPLICATE).setUnit("{row}")
                .setDescription("records already committed by an earlier delivery").build();
        runs = meter.counterBuilder(RUNS).setUnit("{run}").setDescription("runs, by stage, table and status").build();
        duration = meter.histogramBuilder(RUN_DURATION).setUnit("ms").setDescription("run duration").build();
        expectationFailures = meter.counterBuilder(EXPECTATION_FAILURES).setUnit("{row}")
                .setDescription("rows that broke an expectation, by rule and action").build();
        freshnessSeconds = meter.histogramBuilder(FRESHNESS_SECONDS).setUnit("s")
                .setDescription("seconds since the oldest input commit a table has not consumed (0: caught up)").build();
        freshnessVersions = meter.histogramBuilder(FRESHNESS_VERSIONS).setUnit("{version}")
                .setDescription("input versions a table has not consumed").build();
        lag = meter.histogramBuilder(EVENTHUB_LAG).setUnit("s")
                .setDescription("seconds from an event's enqueued time to its Bronze commit").build();
        backlog = meter.histogramBuilder(EVENTHUB_BACKLOG).setUnit("{event}")
                .setDescription("events of a partition enqueued beyond the last committed batch").build();
    }

    /** One run, as the event log records it. */
    @Override
    public void accept(RunResult r) {
        var b = Attributes.builder().put(STAGE, r.stage().label()).put(TABLE, r.table() == null ? "" : r.table())
                .put(STATUS, r.status().label());
        String partition = partition(r.source());
        if (partition != null) {
            b.put(PARTITION, partition);
        }
        Attributes a = b.build();
        runs.add(1, a);
        rowsIn.add(Math.max(0, r.rowsIn()), a);
        rowsWritten.add(Math.max(0, r.rowsWritten()), a);
        rowsQuarantined.add(Math.max(0, r.rowsQuarantined()), a);
        rowsDuplicate.add(Math.max(0, r.rowsDuplicate()), a);
        duration.record(Math.max(0, r.durationMs()), a);
        for (Map.Entry<String, RunResult.ExpectationCount> e : r.expectations().entrySet()) {
            if (e.getValue().failed() > 0) {
                expectationFailures.add(e.getValue().failed(), Attributes.of(TABLE, r.table() == null ? "" : r.table(),
                        RULE, e.getKey(), ACTION, e.getValue().action()));
            }
        }
    }

    /** {@code eventhub:<hub>/<partition>[first..last]} to its partition; null for other sources. */
    static String partition(String source) {
        if (source == null || !source.startsWith("eventhub:")) {
            return null;
        }
        int slash = source.lastIndexOf('/');
        int bracket = source.indexOf('[', Math.max(slash, 0));
        return slash < 0 ? null : source.substring(slash + 1, bracket < 0 ? source.length() : bracket);
    }

    /** How long each event of a committed batch waited, from its enqueued time to {@code committed}. */
    public void eventHubLag(EventBatch batch, RunResult run, Instant committed) {
        if (run.status() != RunStatus.COMMITTED) {
            return; // a redelivery or a failure: the lag of the first commit was recorded then
        }
        Attributes a = Attributes.of(PARTITION, batch.partitionId(), TABLE, run.table() == null ? "" : run.table());
        for (EventBatch.Event e : batch.events()) {
            if (e.enqueuedTime() != null) {
                lag.record(Math.max(0, Duration.between(e.enqueuedTime(), committed).toMillis()) / 1000.0, a);
            }
        }
    }

    /** Events of {@code partition} enqueued beyond the batch just committed (the lag in events). */
    public void eventHubBacklog(String partition, long events) {
        backlog.record(events, Attributes.of(PARTITION, partition));
    }

    /** Every Silver and Gold table's distance behind its inputs, now. */
    public void freshness(List<Freshness.Behind> tables) {
        for (Freshness.Behind f : tables) {
            Attributes a = Attributes.of(TABLE, f.table(), LAYER, f.layer());
            freshnessSeconds.record(f.seconds(), a);
            freshnessVersions.record(f.versions(), a);
        }
    }
}
