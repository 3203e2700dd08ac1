package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.pipeline.RunRecord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lands a batch of tweet events from one Event Hub partition in {@code bronze/twitter_historical_data}. The
 * host checkpoints even when a function throws, so exactly-once comes from the Delta txn committed with the
 * rows; infrastructure failures are retried in place, without limit, so that no event is skipped.
 */
public class TweetsEventHubFunction {

    /** One element of the trigger's {@code SystemPropertiesArray} metadata. */
    public static class SystemProperties {
        public String SequenceNumber;
        public String Offset;
        public String EnqueuedTimeUtc;
        public String PartitionKey;
    }

    @FunctionName("TweetsEventHub")
    @ExponentialBackoffRetry(maxRetryCount = -1, minimumInterval = "00:00:02", maximumInterval = "00:05:00")
    public void run(
            @EventHubTrigger(name = "events", eventHubName = "%LAKEHOUSE_TWEETS_HUB%", connection = "TweetsEventHub",
                    consumerGroup = "%LAKEHOUSE_TWEETS_CONSUMER_GROUP%", cardinality = Cardinality.MANY,
                    dataType = "string") String[] events,
            @BindingName("SystemPropertiesArray") SystemProperties[] systemProperties,
            @BindingName("PartitionContext") Map<String, Object> partitionContext,
            final ExecutionContext context) {
        RunRecord run = PipelineHolder.get().bronze().ingestEvents(toBatch(events, systemProperties, partitionContext));
        Logs.log(context, run);
        if (run.status.equals("failed")) {
            throw new IllegalStateException(run.message);
        }
    }

    /** Binding data to a core batch; fails loudly when the host's metadata is not what it must be. */
    public static EventBatch toBatch(String[] events, SystemProperties[] props, Map<String, Object> partitionContext) {
        if (props == null || props.length != events.length) {
            throw new IllegalArgumentException("SystemPropertiesArray has " + (props == null ? 0 : props.length)
                    + " entries for " + events.length + " events: cannot tell sequence numbers");
        }
        List<EventBatch.Event> list = new ArrayList<>(events.length);
        for (int i = 0; i < events.length; i++) {
            String body = events[i] == null ? "" : events[i];
            list.add(new EventBatch.Event(body.getBytes(StandardCharsets.UTF_8), Long.parseLong(props[i].SequenceNumber.strip()),
                    props[i].Offset, parseTime(props[i].EnqueuedTimeUtc)));
        }
        Map<String, Object> pc = partitionContext == null ? Map.of() : partitionContext;
        return new EventBatch(str(pc.get("FullyQualifiedNamespace")), str(pc.getOrDefault("EventHubName", "tweets")),
                str(pc.get("ConsumerGroup")), required(pc, "PartitionId"), list);
    }

    private static String required(Map<String, Object> pc, String key) {
        Object v = pc.get(key);
        if (v == null) {
            throw new IllegalArgumentException("PartitionContext has no " + key + ": cannot key exactly-once commits");
        }
        return str(v);
    }

    private static String str(Object o) {
        if (o instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue()); // JSON numbers may arrive as doubles
        }
        return o == null ? null : o.toString();
    }

    private static Instant parseTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return com.wwi.lakehouse.datasets.Coerce.parseTimestamp(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
