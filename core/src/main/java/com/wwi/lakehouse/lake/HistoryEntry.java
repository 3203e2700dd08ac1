package com.wwi.lakehouse.lake;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One commit of a table's history, newest first when listed.
 *
 * @param metrics the commit's {@code operationMetrics} (delta-spark's names: {@code numOutputRows},
 *                {@code numFiles}, {@code numRemovedFiles}, ...), empty when it recorded none
 */
public record HistoryEntry(long version, Instant timestamp, String operation, Map<String, String> parameters,
                           String engineInfo, Map<String, String> metrics) {
    public HistoryEntry {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A metric as a number, or -1 when the commit did not record it. */
    public long metric(String name) {
        String v = metrics.get(name);
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
