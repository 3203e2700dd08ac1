package com.wwi.lakehouse.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Step two of an Event Hub batch: parses and types each event's body, pure per event, so a large batch is split into
 * contiguous slices parsed at once (the calling thread taking the first); the result is the same either way.
 */
final class BatchParser {
    /** Below this many events a batch is parsed on the calling thread alone. */
    static final int PARALLEL_PARSE_MIN = 256;
    private static final int PARSE_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private BatchParser() {
    }

    /** Parses {@code events[0..count)}: each a typed row ({@code Object[]}) or the {@link RecordException}. */
    static Object[] parseAll(Typer typer, EventBatch.Event[] events, int count) {
        Object[] out = new Object[count];
        int parts = Math.min(PARSE_THREADS, count / (PARALLEL_PARSE_MIN / 2));
        if (parts < 2) {
            parseRange(typer, events, out, 0, count);
            return out;
        }
        List<Future<?>> others = new ArrayList<>();
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) count * p / parts);
            int to = (int) ((long) count * (p + 1) / parts);
            others.add(Workers.POOL.submit(() -> parseRange(typer, events, out, from, to)));
        }
        parseRange(typer, events, out, 0, (int) ((long) count / parts));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while parsing the batch", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("parsing the batch failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private static void parseRange(Typer typer, EventBatch.Event[] events, Object[] out, int from, int to) {
        for (int k = from; k < to; k++) {
            byte[] body = events[k].body();
            // parsed from the bytes; the text is decoded only for records whose raw payload is kept
            Object[] row = typer.fastJson(body); // the plain record in one pass, UTF-8 checked on the way
            if (row != null) {
                out[k] = row;
            } else if (!Utf8.isValid(body)) {
                out[k] = RecordException.parse("event body is not valid UTF-8");
            } else {
                try {
                    out[k] = typer.fromJson(body, null);
                } catch (RecordException ex) {
                    out[k] = ex;
                }
            }
        }
    }
}
