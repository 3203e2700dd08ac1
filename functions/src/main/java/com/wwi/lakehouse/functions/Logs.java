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

    /**
     * Logs the run and, when it failed (infrastructure, or a FAIL expectation), fails the invocation with the run's
     * one-line message so the host retries it.
     */
    static void logOrFail(ExecutionContext context, RunRecord run) {
        log(context, run);
        if (run.status.equals("failed")) {
            throw new IllegalStateException(run.message);
        }
    }
}
