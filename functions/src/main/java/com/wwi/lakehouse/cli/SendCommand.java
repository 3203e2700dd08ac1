package com.wwi.lakehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./lakehouse send}: tweet JSON lines to a real Event Hub. */
@Command(name = "send", sortOptions = false,
        header = "Publish tweet JSON lines to a real Event Hub.",
            description = {"Publish tweet JSON lines (files or folders of *.json; stdin when no --file) to a real Event Hub,",
                "in batches filled to the hub's size limit; signs in with azure-identity (az login) unless a",
                "connection string is given (--connection-string or EVENTHUB_CONNECTION_STRING)."})
final class SendCommand extends LakehouseCommand {
    @Option(names = "--namespace", paramLabel = "NS", description = "The Event Hubs namespace (name or host name).")
    String namespace;
    @Option(names = "--hub", required = true, paramLabel = "HUB", description = "The event hub.")
    String hub;
    @Option(names = "--file", paramLabel = "F", description = "A file or folder of tweet JSON lines; repeat for more.")
    List<Path> files = new ArrayList<>();
    @Option(names = "--connection-string", paramLabel = "CS", description = "Sign in with this instead of azure-identity.")
    String connectionString;

    private final List<Path> inputs = new ArrayList<>();

    @Override
    void validate() {
        if (connectionString == null) {
            connectionString = System.getenv("EVENTHUB_CONNECTION_STRING");
        }
        if (connectionString == null && (namespace == null || namespace.isBlank())) {
            throw usage("--namespace is required (or a connection string)");
        }
        for (Path p : files) {
            if (Files.isDirectory(p)) {
                try (var s = Files.walk(p)) {
                    s.filter(x -> x.toString().endsWith(".json")).sorted().forEach(inputs::add);
                } catch (IOException e) {
                    throw CliException.failure("send: cannot read " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                inputs.add(p);
            } else {
                throw usage("no such file or folder: " + p);
            }
        }
    }

    @Override
    int execute() {
        Iterable<String> lines = inputs.isEmpty()
                ? () -> new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().iterator()
                : () -> inputs.stream().flatMap(p -> {
                    try {
                        return Files.readAllLines(p).stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
                    }
                }).iterator();
        long t0 = System.nanoTime();
        try (EventHubSink sink = new EventHubSink(namespace == null ? "" : namespace, hub, connectionString)) {
            EventBatcher.Stats s = EventBatcher.send(lines, sink, m -> out.println("  " + m));
            double secs = (System.nanoTime() - t0) / 1e9;
            out.printf("sent %,d events in %,d batches (%.1f MB) to %s in %.1f s%n", s.events(), s.batches(),
                    s.bytes() / 1e6, hub, secs);
            s.rejected().forEach(r -> System.err.println("lakehouse: send: " + r));
            return s.rejected().isEmpty() ? 0 : 1;
        } catch (IOException | UncheckedIOException e) {
            Main.debug(e);
            throw CliException.failure("send: " + Main.oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            Main.debug(e);
            throw CliException.failure("send: " + CloudErrors.describe("sending to " + hub, e));
        }
    }
}
