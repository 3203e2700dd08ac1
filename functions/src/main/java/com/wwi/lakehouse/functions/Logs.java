package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.wwi.lakehouse.runs.RunResult;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

/** Logs a run at a level that matches its outcome: failures are severe, rejections warnings. */
final class Logs {
    private Logs() {
    }

    static void log(ExecutionContext context, RunResult run) {
        Level level = switch (run.status()) {
            case FAILED -> Level.SEVERE;
            case REJECTED -> Level.WARNING;
            default -> Level.INFO;
        };
        context.getLogger().log(level, run.toString());
    }

    /**
     * Logs the run and, when it failed (infrastructure, or a FAIL expectation), fails the invocation with the run's
     * one-line message so the host retries it.
     */
    static void logOrFail(ExecutionContext context, RunResult run) {
        log(context, run);
        if (run.failed()) {
            throw new IllegalStateException(run.message());
        }
    }

    /**
     * Logs every run and, when any failed, fails the invocation with one line naming them (the host retries or the
     * next timer tick does; each run is in the event log).
     */
    static void logOrFail(ExecutionContext context, List<RunResult> runs, String what) {
        List<String> failed = new ArrayList<>();
        for (RunResult run : runs) {
            log(context, run);
            if (run.failed()) {
                failed.add(run.table());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(what + " failed for " + String.join(", ", failed) + "; see the event log");
        }
    }
}
