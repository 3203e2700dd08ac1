package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.maintenance.TableReport;

/**
 * Timer: maintains every table of the lake (compaction of small files, VACUUM past the retention of
 * {@code LAKEHOUSE_VACUUM_RETENTION_HOURS}, checkpoints), one table after the other, within a bounded amount of work
 * per run. A compaction that loses a race is skipped, not failed. Only one instance of a timer runs at a time.
 */
public class LakeMaintenanceFunction {

    @FunctionName("LakeMaintenance")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_MAINTENANCE_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        Logs.logOrFail(context, PipelineHolder.get().maintenance().run().stream().map(TableReport::run).toList(),
                "maintenance");
    }
}
