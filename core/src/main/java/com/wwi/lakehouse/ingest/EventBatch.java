package com.wwi.lakehouse.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A batch of Event Hub events from one partition, as the trigger delivers it.
 *
 * @param namespace     Event Hubs namespace (host name or short name)
 * @param hub           event hub name
 * @param consumerGroup consumer group
 * @param partitionId   partition
 * @param events        events in delivery order
 */
public record EventBatch(String namespace, String hub, String consumerGroup, String partitionId, List<Event> events) {
    /** One event: its body bytes and system properties. */
    public record Event(byte[] body, long sequenceNumber, String offset, Instant enqueuedTime) {
        public Event {
            Objects.requireNonNull(body, "body");
        }
    }

    public EventBatch {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(partitionId, "partitionId");
        consumerGroup = consumerGroup == null || consumerGroup.isBlank() ? "$Default" : consumerGroup;
        namespace = namespace == null ? "" : namespace;
        events = List.copyOf(events);
    }

    /** The exactly-once key of this partition's stream (the Delta txn appId). */
    public String appId() {
        return "eventhub/" + namespace + "/" + hub + "/" + consumerGroup + "/" + partitionId;
    }

    /** The source coordinates written with each row. */
    public String source() {
        return "eventhub:" + hub + "/" + partitionId;
    }
}
