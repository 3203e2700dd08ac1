package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;

/**
 * The one pipeline of this worker process, created on first use from the app settings. The local runner and
 * tests install their own with {@link #use}.
 */
public final class PipelineHolder {
    private static volatile Pipeline pipeline;

    private PipelineHolder() {
    }

    public static Pipeline get() {
        Pipeline p = pipeline;
        if (p == null) {
            synchronized (PipelineHolder.class) {
                p = pipeline;
                if (p == null) {
                    p = Pipeline.open(Settings.from(System.getenv()));
                    pipeline = p;
                }
            }
        }
        return p;
    }

    /** Installs the pipeline the functions of this JVM use (local runner, tests). */
    public static synchronized void use(Pipeline p) {
        pipeline = p;
    }
}
