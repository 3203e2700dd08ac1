package com.wwi.lakehouse.lake;

import java.time.Instant;
import java.util.Map;

/** One commit of a table's history, newest first when listed. */
public record HistoryEntry(long version, Instant timestamp, String operation, Map<String, String> parameters,
                           String engineInfo) {
}
