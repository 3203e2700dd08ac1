package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Appends run records to {@code _system/event_log}, as DLT's event log; reads the latest back. */
public final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private final LakeTable table;

    public EventLog(Lake lake) {
        this.table = lake.table(SystemTables.EVENT_LOG);
        table.createIfAbsent(SystemTables.EVENT_LOG_SPEC);
    }

    /** Appends one run. A failure to log is itself logged and swallowed: it must not undo committed data. */
    public void record(RunRecord run) {
        try {
            table.append(java.util.Collections.singletonList(run.toRow()), List.of());
        } catch (RuntimeException e) {
            LOG.error("could not append to the event log: {} (run: {})", e.getMessage(), run);
        }
    }

    /** The latest runs, newest first. */
    public List<Object[]> latest(int limit) {
        List<Object[]> rows = new ArrayList<>(table.readAll());
        rows.sort(Comparator.comparing((Object[] r) -> (java.time.Instant) r[5]).reversed());
        return rows.subList(0, Math.min(limit, rows.size()));
    }
}
