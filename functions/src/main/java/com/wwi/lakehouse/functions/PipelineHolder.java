package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.landing.LandingStores;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import com.wwi.lakehouse.silver.LazyScorer;

/**
 * What this worker process shares between invocations, created on first use from the app settings: the
 * pipeline, the landing store (null when none is configured) and what to do with landed files. The local runner
 * and tests install their own with {@link #use}.
 */
public final class PipelineHolder {
    private static volatile Pipeline pipeline;
    private static volatile LandingStore landing;
    private static volatile LandingStore.AfterIngest after = LandingStore.AfterIngest.ARCHIVE;

    private PipelineHolder() {
    }

    public static Pipeline get() {
        Pipeline p = pipeline;
        if (p == null) {
            synchronized (PipelineHolder.class) {
                p = pipeline;
                if (p == null) {
                    p = Pipeline.open(Settings.from(System.getenv()), new LazyScorer(
                            () -> SentimentModels.fromSettings(System.getenv())));
                    landing = LandingStores.fromSettings(System.getenv());
                    after = LandingStore.AfterIngest.parse(System.getenv("LAKEHOUSE_AFTER_INGEST"));
                    pipeline = p;
                }
            }
        }
        return p;
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
        pipeline = p;
        landing = store;
        after = afterIngest;
    }
}
