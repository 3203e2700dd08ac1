package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.storage.LakeStorage;

import java.time.Clock;

/**
 * The pipeline: the lake, its system tables and its stages, for one lake root. Thread-safe; create one per
 * JVM (the function app keeps one in a lazily created holder, the local runner one per command).
 */
public final class Pipeline implements AutoCloseable {
    private final Settings settings;
    private final Lake lake;
    private final EventLog eventLog;
    private final BronzeIngest bronze;

    private Pipeline(Settings settings, Lake lake, Clock clock) {
        this.settings = settings;
        this.lake = lake;
        this.eventLog = new EventLog(lake);
        this.bronze = new BronzeIngest(lake, eventLog, clock, settings.chunkRows());
    }

    /** Opens (and on first use creates) the pipeline's tables under the settings' lake root. */
    public static Pipeline open(Settings settings) {
        try {
            DeltaLake lake = DeltaLake.open(settings.lakeRoot(),
                    LakeStorage.hadoopConfiguration(settings.lakeRoot(), settings.storageSettings()),
                    settings.maxRowsPerFile());
            return new Pipeline(settings, lake, Clock.systemUTC());
        } catch (LakeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LakeException("cannot open the lake at " + settings.lakeRoot() + ": " + e.getMessage(), e);
        }
    }

    public Settings settings() {
        return settings;
    }

    public Lake lake() {
        return lake;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    public BronzeIngest bronze() {
        return bronze;
    }

    /** Flushes the event log, stops its background work and waits for queued checkpoints. */
    @Override
    public void close() {
        eventLog.close();
        DeltaLake.awaitBackgroundWork();
    }
}
