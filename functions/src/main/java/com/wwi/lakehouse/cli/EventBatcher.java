package com.wwi.lakehouse.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills event batches to their size limit and sends each when the next event no longer fits, as the Event Hubs
 * SDK's {@code EventDataBatch} is meant to be used. An event too large for an empty batch is reported with its
 * line number and not sent; everything else is. Knows nothing of the broker: see {@link Sink}.
 */
final class EventBatcher {
    /** Where batches go: the Event Hubs producer in production, anything else in tests. */
    interface Sink {
        Batch createBatch() throws IOException;

        void send(Batch batch) throws IOException;
    }

    /** A batch with a size limit, as {@code EventDataBatch}. */
    interface Batch {
        boolean tryAdd(byte[] body);

        int count();

        int sizeInBytes();
    }

    /** What was sent. */
    record Stats(long events, long batches, long bytes, List<String> rejected) {
    }

    private EventBatcher() {
    }

    /** Sends the lines (blank ones skipped), numbered from 1 for messages. */
    static Stats send(Iterable<String> lines, Sink sink, Consumer<String> progress) throws IOException {
        long events = 0;
        long batches = 0;
        long bytes = 0;
        List<String> rejected = new ArrayList<>();
        Batch batch = sink.createBatch();
        long lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            byte[] body = line.getBytes(StandardCharsets.UTF_8);
            if (!batch.tryAdd(body)) {
                if (batch.count() > 0) {
                    bytes += batch.sizeInBytes();
                    sink.send(batch);
                    batches++;
                    if (batches % 10 == 0) {
                        progress.accept(String.format("sent %,d events in %,d batches", events, batches));
                    }
                    batch = sink.createBatch();
                }
                if (!batch.tryAdd(body)) {
                    rejected.add("line " + lineNo + ": event of " + body.length + " bytes does not fit in an empty batch"
                            + " (the hub's limit); not sent");
                    continue;
                }
            }
            events++;
        }
        if (batch.count() > 0) {
            bytes += batch.sizeInBytes();
            sink.send(batch);
            batches++;
        }
        return new Stats(events, batches, bytes, rejected);
    }
}
