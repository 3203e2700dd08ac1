package com.wwi.lakehouse.functions;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.wwi.lakehouse.ingest.EventBatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The Event Hub lag in events: how many events of a partition are enqueued beyond the batch just committed. The
 * out-of-process Java trigger is not given the hub's last sequence number, so it is asked for: one management call
 * ({@code getPartitionProperties}) per partition at most every {@link #EVERY}, on a background thread, never on the
 * trigger's path; a failure is one warning and the ingest goes on.
 */
final class EventHubBacklog {
    static final Duration EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(EventHubBacklog.class.getName());

    /** The hub's side: the last enqueued sequence number of a partition. */
    @FunctionalInterface
    interface Tail {
        long lastEnqueuedSequence(String partition);
    }

    private final Tail tail;
    private final LongSupplier nanos;
    private final Map<String, Long> lastAsked = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "eventhub-backlog");
        t.setDaemon(true);
        return t;
    });

    EventHubBacklog(Tail tail, LongSupplier nanos) {
        this.tail = tail;
        this.nanos = nanos;
    }

    /**
     * The hub of the app's settings ({@code TweetsEventHub} as a connection string, or
     * {@code TweetsEventHub__fullyQualifiedNamespace} with the managed identity of {@code TweetsEventHub__clientId}),
     * or null when they name none (the local runner).
     */
    static EventHubBacklog fromSettings(Map<String, String> env) {
        String hub = env.get("LAKEHOUSE_TWEETS_HUB");
        String group = env.getOrDefault("LAKEHOUSE_TWEETS_CONSUMER_GROUP", "$Default");
        String cs = env.get("TweetsEventHub");
        String fqdn = env.get("TweetsEventHub__fullyQualifiedNamespace");
        if (hub == null || hub.isBlank() || ((cs == null || cs.isBlank()) && (fqdn == null || fqdn.isBlank()))) {
            return null;
        }
        EventHubClientBuilder b = new EventHubClientBuilder().consumerGroup(group).retryOptions(new AmqpRetryOptions()
                .setMode(AmqpRetryMode.FIXED).setMaxRetries(1).setTryTimeout(Duration.ofSeconds(10)));
        if (cs != null && !cs.isBlank()) {
            b.connectionString(cs, hub);
        } else {
            String clientId = env.get("TweetsEventHub__clientId");
            b.credential(fqdn, hub, "managedidentity".equalsIgnoreCase(env.get("TweetsEventHub__credential"))
                    ? new ManagedIdentityCredentialBuilder().clientId(clientId).build()
                    : new DefaultAzureCredentialBuilder().build());
        }
        EventHubConsumerAsyncClient[] client = new EventHubConsumerAsyncClient[1];
        return new EventHubBacklog(partition -> {
            synchronized (client) {
                if (client[0] == null) {
                    client[0] = b.buildAsyncConsumerClient();
                }
            }
            var props = client[0].getPartitionProperties(partition).block(Duration.ofSeconds(30));
            if (props == null) {
                throw new IllegalStateException("no answer for partition " + partition);
            }
            return props.getLastEnqueuedSequenceNumber();
        }, System::nanoTime);
    }

    /** After a committed batch: the partition's backlog to the metrics, when it is due. Returns at once. */
    void after(EventBatch batch, RunTelemetry telemetry) {
        if (batch.events().isEmpty()) {
            return;
        }
        String partition = batch.partitionId();
        long now = nanos.getAsLong();
        Long before = lastAsked.get(partition);
        if (before != null && now - before < EVERY.toNanos()) {
            return;
        }
        lastAsked.put(partition, now);
        long committed = batch.events().get(batch.events().size() - 1).sequenceNumber();
        try {
            background.execute(() -> {
                try {
                    telemetry.eventHubBacklog(partition, Math.max(0, tail.lastEnqueuedSequence(partition) - committed));
                } catch (RuntimeException e) {
                    if (warned.compareAndSet(false, true)) {
                        LOG.warning("Event Hub backlog not measured (the ingest goes on): " + e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: nothing to measure
        }
    }

    /** Waits for what is being asked (tests). */
    void drain() throws InterruptedException {
        background.shutdown();
        background.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    }
}
