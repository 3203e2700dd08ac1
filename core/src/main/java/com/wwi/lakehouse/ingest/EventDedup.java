package com.wwi.lakehouse.ingest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Step one of an Event Hub batch: leaves out the events an earlier delivery committed (sequence number at or below
 * the version the partition's txn records) and repeats within the batch, keeping the rest in order.
 */
final class EventDedup {
    /**
     * The new events {@code events[0..count)}, the number left out, and the lowest and highest new sequence number
     * ({@code maxSeq} -1 when there is none).
     */
    record Fresh(EventBatch.Event[] events, int count, int duplicates, long minSeq, long maxSeq) {
    }

    private EventDedup() {
    }

    static Fresh fresh(List<EventBatch.Event> events, long recorded) {
        EventBatch.Event[] fresh = new EventBatch.Event[events.size()];
        int count = 0;
        int duplicates = 0;
        Set<Long> seen = null; // only needed once events arrive out of order
        long maxSeq = -1;
        long minSeq = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (EventBatch.Event e : events) {
            long seq = e.sequenceNumber();
            boolean duplicate = seq <= recorded;
            if (!duplicate && seq <= last && seen == null) {
                seen = new HashSet<>();
                for (EventBatch.Event earlier : events) {
                    if (earlier == e) {
                        break;
                    }
                    if (earlier.sequenceNumber() > recorded) {
                        seen.add(earlier.sequenceNumber());
                    }
                }
            }
            if (!duplicate && seen != null) {
                duplicate = !seen.add(seq);
            }
            last = Math.max(last, seq);
            if (duplicate) {
                duplicates++;
                continue;
            }
            maxSeq = Math.max(maxSeq, seq);
            minSeq = Math.min(minSeq, seq);
            fresh[count++] = e;
        }
        return new Fresh(fresh, count, duplicates, minSeq, maxSeq);
    }
}
