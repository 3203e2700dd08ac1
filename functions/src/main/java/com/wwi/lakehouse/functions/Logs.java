package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.wwi.lakehouse.pipeline.RunRecord;

import java.util.logging.Level;

/** Logs a run at a level that matches its outcome: failures are severe, rejections warnings. */
final class Logs {
    private Logs() {
    }

    static void log(ExecutionContext context, RunRecord run) {
        Level level = switch (run.status) {
            case "failed" -> Level.SEVERE;
            case "rejected" -> Level.WARNING;
            default -> Level.INFO;
        };
        context.getLogger().log(level, run.toString());
    }
}
