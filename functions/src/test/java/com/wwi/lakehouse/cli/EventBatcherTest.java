package com.wwi.lakehouse.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch filling without a broker: a sink whose batches have a byte limit, as EventDataBatch does. */
class EventBatcherTest {
    /** Per-event overhead, like the AMQP framing EventDataBatch counts. */
    static final int OVERHEAD = 24;

    static final class LimitedSink implements EventBatcher.Sink {
        final int limit;
        final List<List<String>> sent = new ArrayList<>();

        LimitedSink(int limit) {
            this.limit = limit;
        }

        @Override
        public EventBatcher.Batch createBatch() {
            return new EventBatcher.Batch() {
                final List<String> events = new ArrayList<>();
                int size;

                @Override
                public boolean tryAdd(byte[] body) {
                    if (size + body.length + OVERHEAD > limit) {
                        return false;
                    }
                    size += body.length + OVERHEAD;
                    events.add(new String(body, StandardCharsets.UTF_8));
                    return true;
                }

                @Override
                public int count() {
                    return events.size();
                }

                @Override
                public int sizeInBytes() {
                    return size;
                }

                @Override
                public String toString() {
                    return String.join("\n", events);
                }
            };
        }

        @Override
        public void send(EventBatcher.Batch batch) {
            sent.add(List.of(batch.toString().split("\n")));
        }
    }

    @Test
    void batchesAreFilledToTheLimitAndEveryEventIsSentOnceInOrder() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add("{\"n\":" + i + ",\"tweet\":\"" + "x".repeat(i % 50) + "\"}");
            if (i % 100 == 0) {
                lines.add("   "); // blank lines are not events
            }
        }
        LimitedSink sink = new LimitedSink(4096);
        EventBatcher.Stats s = EventBatcher.send(lines, sink, m -> { });
        assertEquals(1000, s.events());
        assertEquals(sink.sent.size(), s.batches());
        List<String> all = new ArrayList<>();
        sink.sent.forEach(all::addAll);
        assertEquals(lines.stream().filter(l -> !l.isBlank()).toList(), all, "all, once, in order");
        for (int b = 0; b < sink.sent.size() - 1; b++) {
            int size = sink.sent.get(b).stream().mapToInt(e -> e.length() + OVERHEAD).sum();
            int next = sink.sent.get(b + 1).get(0).length() + OVERHEAD;
            assertTrue(size + next > 4096, "batch " + b + " was full: the next event did not fit");
        }
    }

    @Test
    void anEventTooLargeForAnEmptyBatchIsReportedAndTheRestIsSent() throws Exception {
        List<String> lines = List.of("{\"a\":1}", "{\"big\":\"" + "y".repeat(5000) + "\"}", "{\"b\":2}");
        LimitedSink sink = new LimitedSink(1024);
        EventBatcher.Stats s = EventBatcher.send(lines, sink, m -> { });
        assertEquals(2, s.events());
        assertEquals(1, s.rejected().size());
        assertTrue(s.rejected().get(0).startsWith("line 2: event of 5010 bytes"), s.rejected().get(0));
        assertEquals(List.of(List.of("{\"a\":1}"), List.of("{\"b\":2}")), sink.sent);
    }

    @Test
    void nothingToSendSendsNothing() throws Exception {
        LimitedSink sink = new LimitedSink(1024);
        assertEquals(0, EventBatcher.send(List.of("", " "), sink, m -> { }).batches());
        assertTrue(sink.sent.isEmpty());
    }
}
