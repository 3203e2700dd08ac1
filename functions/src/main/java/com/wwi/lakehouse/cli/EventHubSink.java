package com.wwi.lakehouse.cli;

import com.azure.core.amqp.AmqpRetryMode;
import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventDataBatch;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubProducerClient;

import java.io.IOException;
import java.time.Duration;

/** {@link EventBatcher.Sink} on a real Event Hub, signed in with a connection string or azure-identity. */
final class EventHubSink implements EventBatcher.Sink, AutoCloseable {
    private final EventHubProducerClient producer;

    EventHubSink(String namespace, String hub, String connectionString) {
        // a wrong namespace or a missing sign-in fails within about 30 s, not after the SDK's minutes of retries
        EventHubClientBuilder b = new EventHubClientBuilder().retryOptions(new AmqpRetryOptions()
                .setMode(AmqpRetryMode.FIXED).setMaxRetries(1).setTryTimeout(Duration.ofSeconds(6))
                .setDelay(Duration.ofSeconds(1)));
        if (connectionString != null && !connectionString.isBlank()) {
            b.connectionString(connectionString, hub);
        } else {
            String fqdn = namespace.contains(".") ? namespace : namespace + ".servicebus.windows.net";
            b.credential(fqdn, hub, new DefaultAzureCredentialBuilder().build());
        }
        producer = b.buildProducerClient();
    }

    /** An {@link EventDataBatch} seen as a {@link EventBatcher.Batch}. */
    private record Wrapped(EventDataBatch batch) implements EventBatcher.Batch {
        @Override
        public boolean tryAdd(byte[] body) {
            return batch.tryAdd(new EventData(body));
        }

        @Override
        public int count() {
            return batch.getCount();
        }

        @Override
        public int sizeInBytes() {
            return batch.getSizeInBytes();
        }
    }

    @Override
    public EventBatcher.Batch createBatch() throws IOException {
        try {
            return new Wrapped(producer.createBatch());
        } catch (RuntimeException e) {
            throw new IOException(CloudErrors.describe("connecting to the Event Hub", e), e);
        }
    }

    @Override
    public void send(EventBatcher.Batch batch) throws IOException {
        try {
            producer.send(((Wrapped) batch).batch());
        } catch (RuntimeException e) {
            throw new IOException(CloudErrors.describe("sending to the Event Hub", e), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
