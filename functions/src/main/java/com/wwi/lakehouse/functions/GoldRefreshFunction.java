package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Timer: brings every Gold table up to date with what its inputs added (appended, MERGEd or recomputed, table by
 * table; nothing committed without new input). Only one instance of a timer runs at a time.
 */
public class GoldRefreshFunction {

    @FunctionName("GoldRefresh")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_GOLD_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        var runs = PipelineHolder.get().gold().run();
        PipelineHolder.reportFreshness(context);
        Logs.logOrFail(context, runs, "the Gold refresh");
    }
}
