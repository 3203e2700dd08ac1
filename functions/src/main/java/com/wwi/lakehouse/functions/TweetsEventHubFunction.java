package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.runs.RunStatus;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.Cardinality;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.ExponentialBackoffRetry;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.RetryContext;
import com.wwi.lakehouse.datasets.Coerce;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.runs.RunResult;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Lands a batch of tweet events from one Event Hub partition in {@code bronze/twitter_historical_data}. The
 * host checkpoints even when a function throws, so exactly-once comes from the Delta txn committed with the
 * rows; infrastructure failures are retried in place, without limit, so that no event is skipped.
 *
 * <p>The bodies are bound as bytes ({@code dataType = "binary"}: the host sends them as {@code collection_bytes}
 * and the worker hands over {@code byte[][]}), so a body that is not UTF-8 reaches the strict check and is
 * quarantined as base64, never decoded with replacement characters as a {@code String[]} binding would.
 *
 * <p>The metadata is what the Event Hubs extension puts in the binding data and the worker deserialises with Gson:
 * {@code SystemPropertiesArray}, one object per event with {@code SequenceNumber} (a JSON number),
 * {@code Offset}, {@code PartitionKey}, {@code EnqueuedTimeUtc} (an ISO time without a zone, in UTC) and the raw
 * {@code x-opt-*} annotations; {@code PartitionContext} with {@code FullyQualifiedNamespace}, {@code EventHubName},
 * {@code ConsumerGroup}, {@code PartitionId} (strings). A batch whose metadata cannot key exactly-once commits
 * (no partition, a count or sequence number missing) fails with one line and is retried
 * {@link #METADATA_ATTEMPTS} times; then its events go to the quarantine (kind {@code metadata}) with a severe log
 * line and a {@code rejected} event-log row, and the partition moves on.
 */
public class TweetsEventHubFunction {
    /** Deliveries of a batch with unusable metadata before its events are set aside in the quarantine. */
    public static final int METADATA_ATTEMPTS = 5;

    /** One element of the trigger's {@code SystemPropertiesArray} metadata (Gson reads JSON numbers into Strings). */
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
                    dataType = "binary") byte[][] events,
            @BindingName("SystemPropertiesArray") SystemProperties[] systemProperties,
            @BindingName("PartitionContext") Map<String, Object> partitionContext,
            final ExecutionContext context) {
        EventBatch batch;
        try {
            batch = toBatch(events, systemProperties, partitionContext);
        } catch (IllegalArgumentException e) {
            unusable(events, partitionContext, e.getMessage(), context);
            return;
        }
        RunResult run = PipelineHolder.get().ingestEvents(batch);
        PipelineHolder.telemetry().eventHubLag(batch, run, Instant.now());
        if (run.status() == RunStatus.COMMITTED) {
            PipelineHolder.backlog().ifPresent(b -> b.after(batch, PipelineHolder.telemetry()));
        }
        Logs.logOrFail(context, run);
    }

    /** Fails the invocation (the host retries) until the attempts are spent, then quarantines the events. */
    private static void unusable(byte[][] events, Map<String, Object> partitionContext, String problem,
                                 ExecutionContext context) {
        RetryContext retry = context.getRetryContext();
        int attempt = retry == null ? 1 : retry.getRetrycount() + 1;
        String line = "unusable Event Hub metadata (delivery " + attempt + " of " + METADATA_ATTEMPTS + "): " + problem;
        if (attempt < METADATA_ATTEMPTS) {
            context.getLogger().log(Level.SEVERE, line);
            throw new IllegalStateException(line);
        }
        Object partition = partitionContext == null ? null : partitionContext.get("PartitionId");
        String source = "eventhub:" + (partitionContext == null ? "?" : partitionContext.getOrDefault("EventHubName", "?"))
                + "/" + (partition == null ? "?" : str(partition));
        RunResult run = PipelineHolder.get().bronze().quarantineUnkeyed(source,
                events == null ? List.of() : Arrays.asList(events), line);
        context.getLogger().log(Level.SEVERE, run.toString());
        if (run.status() == RunStatus.FAILED) {
            throw new IllegalStateException(run.message());
        }
    }

    /** Binding data to a core batch; fails with one line when the host's metadata is not what it must be. */
    public static EventBatch toBatch(byte[][] events, SystemProperties[] props, Map<String, Object> partitionContext) {
        if (events == null) {
            throw new IllegalArgumentException("no event bodies in the binding data");
        }
        if (props == null || props.length != events.length) {
            throw new IllegalArgumentException("SystemPropertiesArray has " + (props == null ? 0 : props.length)
                    + " entries for " + events.length + " events: cannot tell sequence numbers");
        }
        List<EventBatch.Event> list = new ArrayList<>(events.length);
        for (int i = 0; i < events.length; i++) {
            byte[] body = events[i] == null ? new byte[0] : events[i];
            if (props[i] == null) {
                throw new IllegalArgumentException("SystemPropertiesArray[" + i + "] is null: cannot tell its sequence number");
            }
            list.add(new EventBatch.Event(body, sequenceNumber(props[i].SequenceNumber, i), props[i].Offset,
                    parseTime(props[i].EnqueuedTimeUtc)));
        }
        Map<String, Object> pc = partitionContext == null ? Map.of() : partitionContext;
        return new EventBatch(str(pc.get("FullyQualifiedNamespace")), str(pc.getOrDefault("EventHubName", "tweets")),
                str(pc.get("ConsumerGroup")), required(pc, "PartitionId"), list);
    }

    private static long sequenceNumber(String s, int index) {
        String t = s == null ? "" : s.strip();
        try {
            long v = t.indexOf('.') >= 0 || t.indexOf('E') >= 0 || t.indexOf('e') >= 0
                    ? new BigDecimal(t).longValueExact() // 12.0 or 1.2E1: a number that went through a double
                    : Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("SystemPropertiesArray[" + index + "].SequenceNumber is "
                    + (s == null ? "missing" : "'" + (t.length() > 30 ? t.substring(0, 30) + "..." : t) + "'")
                    + ", not a sequence number: cannot key exactly-once commits");
        }
    }

    private static String required(Map<String, Object> pc, String key) {
        Object v = pc.get(key);
        if (v == null || str(v).isBlank()) {
            throw new IllegalArgumentException("PartitionContext has no " + key + ": cannot key exactly-once commits");
        }
        return str(v);
    }

    private static String str(Object o) {
        if (o instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue()); // Gson reads JSON numbers of a Map<String, Object> as doubles
        }
        return o == null ? null : o.toString();
    }

    /** {@code EnqueuedTimeUtc}: with or without a zone (the extension writes none; it is UTC); unreadable gives null. */
    private static Instant parseTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Coerce.parseTimestamp(s.strip());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
