package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.ingest.LandingSweep;
import com.wwi.lakehouse.landing.LandingStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Timer: lands every file still in the landing container (a lost blob event, a trigger run given up, a file too
 * large for the trigger), streaming it through the storage SDK. Only one instance of a timer runs at a time.
 */
public class LandingSweepFunction {

    @FunctionName("LandingSweep")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_SWEEP_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        LandingStore store = PipelineHolder.landing();
        if (store == null) {
            context.getLogger().warning("no landing store configured (LandingStorage): nothing to sweep");
            return;
        }
        try {
            new LandingSweep(PipelineHolder.get().bronze(), store, PipelineHolder.afterIngest())
                    .run(r -> Logs.log(context, r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + store.describe() + ": " + e.getMessage(), e);
        }
    }
}
