package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.landing.LandingStores;
import com.wwi.lakehouse.pipeline.Freshness;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import com.wwi.lakehouse.silver.LazyScorer;
import com.wwi.lakehouse.silver.SentimentScorer;

import java.time.Instant;

/**
 * What this worker process shares between invocations, created on first use from the app settings: the
 * pipeline, the landing store (null when none is configured) and what to do with landed files. The local runner
 * and tests install their own with {@link #use}.
 */
public final class PipelineHolder {
    private static volatile Pipeline pipeline;
    private static volatile LandingStore landing;
    private static volatile LandingStore.AfterIngest after = LandingStore.AfterIngest.ARCHIVE;
    private static volatile RunTelemetry telemetry = RunTelemetry.global();
    private static volatile EventHubBacklog backlog;
    /** The app's sentiment model, loaded on first use: by Silver, or by the start-up check's probe. */
    private static final LazyScorer SCORER = new LazyScorer(() -> SentimentModels.fromSettings(System.getenv()));

    private PipelineHolder() {
    }

    public static Pipeline get() {
        Pipeline p = pipeline;
        if (p == null) {
            synchronized (PipelineHolder.class) {
                p = pipeline;
                if (p == null) {
                    StartupCheck.startOnce(System.getenv());
                    p = Pipeline.open(Settings.from(System.getenv()), SCORER);
                    landing = LandingStores.fromSettings(System.getenv());
                    after = LandingStore.AfterIngest.parse(System.getenv("LAKEHOUSE_AFTER_INGEST"));
                    report(p);
                    backlog = EventHubBacklog.fromSettings(System.getenv());
                    pipeline = p;
                }
            }
        }
        return p;
    }

    /** The app's sentiment model (loaded on its first use), shared by Silver and the start-up check. */
    static SentimentScorer scorer() {
        return SCORER;
    }

    /** The landing store, or null when files are left where they are. */
    public static LandingStore landing() {
        get();
        return landing;
    }

    public static LandingStore.AfterIngest afterIngest() {
        get();
        return after;
    }

    /** Flushes and closes the pipeline if one was opened (the local runner, when a command ends). */
    public static synchronized void closeIfOpen() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
    }

    /** Installs what the functions of this JVM use (local runner, tests). */
    public static synchronized void use(Pipeline p, LandingStore store, LandingStore.AfterIngest afterIngest) {
        if (pipeline != null && pipeline != p) {
            pipeline.close();
        }
        if (pipeline != p) {
            report(p);
        }
        pipeline = p;
        landing = store;
        after = afterIngest;
    }

    /** Every run the pipeline records also goes to the run metrics (whichever {@link #telemetry()} is then). */
    private static void report(Pipeline p) {
        p.eventLog().listen(r -> telemetry.accept(r));
    }

    /** The Event Hub backlog probe of the app's hub; empty locally (no hub in the settings). */
    static java.util.Optional<EventHubBacklog> backlog() {
        return java.util.Optional.ofNullable(backlog);
    }

    /** The run metrics of this JVM: the global OpenTelemetry's (the Application Insights agent's in Azure). */
    public static RunTelemetry telemetry() {
        return telemetry;
    }

    /** Another meter for the run metrics (tests read them back through an SDK). */
    public static void useTelemetry(RunTelemetry t) {
        telemetry = t;
    }

    /**
     * After a timer run: every Silver and Gold table's distance behind its inputs, to the metrics. Never fails the
     * run: a table that cannot be read now is skipped with a warning.
     */
    static void reportFreshness(com.microsoft.azure.functions.ExecutionContext context) {
        Pipeline p = get();
        try {
            telemetry.freshness(Freshness.of(p.lake(), p.graph(), Instant.now()));
        } catch (RuntimeException e) {
            context.getLogger().warning("freshness not measured: " + e.getMessage());
        }
    }
}
