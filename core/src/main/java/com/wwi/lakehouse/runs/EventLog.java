package com.wwi.lakehouse.runs;

import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Appends run records to {@code _system/event_log}, as DLT's event log. Records are buffered and committed
 * together at most {@link #FLUSH_MS} ms after they are recorded (one commit for many runs instead of one per
 * micro-batch), on {@link #flush}, and when the JVM exits normally. A crash can lose the last second of event
 * log rows, never data: the data commits themselves carry their counts in their commit info.
 */
public final class EventLog implements AutoCloseable {
    public static final long FLUSH_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private final LakeTable table;
    private final List<Object[]> pending = new ArrayList<>();
    private int failures;
    private volatile boolean closed;
    private final ScheduledExecutorService flusher;

    public EventLog(Lake lake) {
        this.table = lake.table(SystemTables.EVENT_LOG);
        table.createIfAbsent(SystemTables.EVENT_LOG_SPEC);
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-log-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(this::flush, "event-log-final-flush"));
    }

    /**
     * Ends a run: its duration is from its start to now on {@code clock}; the result is {@linkplain #record recorded}
     * and returned.
     */
    public RunResult finish(Run run, Clock clock) {
        RunResult result = run.result(clock.millis() - run.startedAt().toEpochMilli());
        record(result);
        return result;
    }

    /** Buffers one run; it is committed within a second. Listeners see it first. */
    public void record(RunResult run) {
        for (Consumer<RunResult> l : listeners) {
            l.accept(run);
        }
        synchronized (pending) {
            pending.add(run.toRow());
        }
    }

    private final List<Consumer<RunResult>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Calls {@code listener} with every run recorded from now on (on the recording thread), until the returned
     * handle is closed: for a caller that reports on the runs it caused, such as the local runner's summary.
     */
    public AutoCloseable listen(Consumer<RunResult> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Commits what is buffered now; when it returns, every run recorded before the call is committed (or kept for a
     * retry after a failure). A failure to log is logged and the rows are kept for the next try.
     */
    public void flush() {
        // one flush at a time: a flush that finds the buffer empty because the background flusher just took it
        // waits here until that commit is done, instead of returning before the rows are visible
        synchronized (table) {
            List<Object[]> rows;
            synchronized (pending) {
                if (pending.isEmpty()) {
                    return;
                }
                rows = new ArrayList<>(pending);
                pending.clear();
            }
            try {
                table.append(rows, List.of());
                failures = 0;
            } catch (RuntimeException e) {
                if (++failures >= 3 || closed) {
                    LOG.error("gave up appending {} runs to the event log after {} tries: {}", rows.size(), failures,
                            e.getMessage());
                    failures = 0;
                    return;
                }
                LOG.warn("could not append {} runs to the event log (will retry): {}", rows.size(), e.getMessage());
                synchronized (pending) {
                    pending.addAll(0, rows);
                }
            }
        }
    }

    /** The latest runs, newest first (flushes first). */
    public List<Object[]> latest(int limit) {
        flush();
        return latest(table, limit);
    }

    /** The latest runs in a lake's event log, newest first, without opening it for writing (none when absent). */
    public static List<Object[]> latest(Lake lake, int limit) {
        LakeTable t = lake.table(SystemTables.EVENT_LOG);
        return t.exists() ? latest(t, limit) : List.of();
    }

    /** As {@link #latest(Lake, int)}, as run results. */
    public static List<RunResult> latestRuns(Lake lake, int limit) {
        return latest(lake, limit).stream().map(RunResult::fromRow).toList();
    }

    private static final int STARTED_AT = SystemTables.EVENT_LOG_SCHEMA.position("started_at");

    private static List<Object[]> latest(LakeTable table, int limit) {
        List<Object[]> rows = new ArrayList<>(table.readAll());
        rows.sort(Comparator.comparing((Object[] r) -> (Instant) r[STARTED_AT]).reversed());
        return rows.subList(0, Math.min(limit, rows.size()));
    }

    @Override
    public void close() {
        closed = true;
        flusher.shutdown();
        flush();
    }
}
