package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.pipeline.RunRecord;

/**
 * Timer: brings every Gold table up to date with what its inputs added (appended, MERGEd or recomputed, table by
 * table; nothing committed without new input). Only one instance of a timer runs at a time.
 */
public class GoldRefreshFunction {

    @FunctionName("GoldRefresh")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_GOLD_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        boolean failed = false;
        for (RunRecord run : PipelineHolder.get().gold().run()) {
            Logs.log(context, run);
            failed |= run.status.equals("failed");
        }
        if (failed) {
            throw new IllegalStateException("some Gold tables could not be refreshed; see the event log");
        }
    }
}
