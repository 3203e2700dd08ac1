package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.runs.RunResult;

/**
 * Timer: scores into Silver every Bronze tweet the Event Hub path could not (a crash between the Bronze and
 * Silver commits, a batch that arrived while Silver was behind, tweets landed as files). Only one instance of a
 * timer runs at a time.
 */
public class SilverCatchUpFunction {

    @FunctionName("SilverCatchUp")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_SILVER_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        RunResult run = PipelineHolder.get().silver()
                .orElseThrow(() -> new IllegalStateException("the pipeline has no sentiment model"))
                .catchUp();
        PipelineHolder.reportFreshness(context);
        Logs.logOrFail(context, run);
    }
}
