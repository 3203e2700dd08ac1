package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.functions.LandingBlobFunction;
import com.wwi.lakehouse.functions.TweetsEventHubFunction;
import com.wwi.lakehouse.pipeline.Pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code ./lakehouse run}: lands a landing folder through the function classes. Files of the batch datasets go
 * through {@link LandingBlobFunction#run}; the lines of {@code tweets/*.json} are replayed as Event Hub batches
 * through {@link TweetsEventHubFunction#run}, spread over simulated partitions (line i goes to partition
 * i mod P, sequence numbers count per partition), one thread per partition as scaled-out instances would.
 * Sequence numbers and enqueued times depend only on the landing content, so a second run is a redelivery.
 */
final class LocalRunner {
    /** Counts of one run, for the summary. */
    static final class Outcome {
        final Map<String, Long> landedRecords = new LinkedHashMap<>();
        final List<String> problems = new ArrayList<>();
        long files;
        long events;
        long batches;
    }

    private final Pipeline pipeline;
    private final PrintStream out;
    private final boolean verbose;

    LocalRunner(Pipeline pipeline, PrintStream out, boolean verbose) {
        this.pipeline = pipeline;
        this.out = out;
        this.verbose = verbose;
    }

    /** Checks the landing folder's layout before anything is landed. */
    static Map<Dataset, List<Path>> scan(Path landing) {
        if (!Files.isDirectory(landing)) {
            throw CliException.usage("landing folder " + landing + " does not exist or is not a folder");
        }
        Map<Dataset, List<Path>> files = new LinkedHashMap<>();
        try (Stream<Path> top = Files.list(landing)) {
            for (Path p : top.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (!Files.isDirectory(p)) {
                    throw CliException.usage("file " + p + " is not in a dataset folder; put files in one of: "
                            + Dataset.folders());
                }
                Dataset d = Dataset.byFolder(name).orElseThrow(() -> CliException.usage("unknown dataset folder '"
                        + name + "' in " + landing + "; expected: " + Dataset.folders()));
                try (Stream<Path> inner = Files.walk(p)) {
                    files.put(d, inner.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted().toList());
                }
            }
        } catch (IOException e) {
            throw CliException.failure("cannot read landing folder " + landing + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw CliException.usage("landing folder " + landing + " has no dataset folders; expected some of: "
                    + Dataset.folders() + " (./lakehouse generate --out " + landing + " makes sample data)");
        }
        return files;
    }

    Outcome run(Path landing, int partitions, int batchSize) {
        Map<Dataset, List<Path>> files = scan(landing);
        Outcome outcome = new Outcome();
        for (Map.Entry<Dataset, List<Path>> e : files.entrySet()) {
            if (e.getKey() != Dataset.TWEETS) {
                landFiles(landing, e.getKey(), e.getValue(), outcome);
            }
        }
        List<Path> tweets = files.getOrDefault(Dataset.TWEETS, List.of());
        if (!tweets.isEmpty()) {
            replayTweets(tweets, partitions, batchSize, outcome);
        }
        return outcome;
    }

    private void landFiles(Path landing, Dataset dataset, List<Path> paths, Outcome outcome) {
        LandingBlobFunction function = new LandingBlobFunction();
        long records = 0;
        for (Path p : paths) {
            String rel = landing.relativize(p).toString().replace('\\', '/');
            String name = rel.substring(rel.indexOf('/') + 1);
            byte[] content;
            try {
                content = Files.readAllBytes(p);
            } catch (IOException e) {
                outcome.problems.add("cannot read " + p + ": " + e.getMessage());
                continue;
            }
            records += countRecords(dataset, content);
            try {
                function.run(content, dataset.folder(), name, new LocalExecutionContext("LandingBlob", verbose));
            } catch (RuntimeException e) {
                outcome.problems.add(rel + ": " + e.getMessage());
            }
            outcome.files++;
        }
        outcome.landedRecords.merge(dataset.folder(), records, Long::sum);
        out.printf("  %-20s %4d file(s), %,d records%n", dataset.folder(), paths.size(), records);
    }

    /** Non-blank lines, less the header line of CSV-with-header files. */
    static long countRecords(Dataset dataset, byte[] content) {
        long n = 0;
        boolean header = dataset.format() == com.wwi.lakehouse.datasets.Format.CSV_WITH_HEADER;
        int start = content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF ? 3 : 0;
        boolean blank = true;
        for (int i = start; i <= content.length; i++) {
            byte b = i < content.length ? content[i] : (byte) '\n';
            if (b == '\n' || b == '\r') {
                if (!blank) {
                    if (header) {
                        header = false;
                    } else {
                        n++;
                    }
                }
                blank = true;
            } else if (b != ' ' && b != '\t') {
                blank = false;
            }
        }
        return n;
    }

    private void replayTweets(List<Path> files, int partitions, int batchSize, Outcome outcome) {
        List<List<String>> byPartition = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            byPartition.add(new ArrayList<>());
        }
        long index = 0;
        for (Path p : files) {
            // decoded leniently, as the Functions host decodes event bodies for a string binding
            try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(p),
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!line.isBlank()) {
                        byPartition.get((int) (index++ % partitions)).add(line);
                    }
                }
            } catch (IOException e) {
                throw CliException.failure("cannot read " + p + ": " + e.getMessage()
                        + " (tweet files must be UTF-8 JSON lines)");
            }
        }
        outcome.landedRecords.merge(Dataset.TWEETS.folder(), index, Long::sum);
        outcome.events = index;
        long total = index;
        AtomicLong done = new AtomicLong();
        AtomicInteger batches = new AtomicInteger();
        long startNanos = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(partitions);
        List<Future<?>> futures = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            final int partition = p;
            futures.add(pool.submit(() -> {
                List<String> lines = byPartition.get(partition);
                TweetsEventHubFunction function = new TweetsEventHubFunction();
                for (int from = 0; from < lines.size(); from += batchSize) {
                    int to = Math.min(lines.size(), from + batchSize);
                    String[] events = lines.subList(from, to).toArray(new String[0]);
                    TweetsEventHubFunction.SystemProperties[] props = new TweetsEventHubFunction.SystemProperties[events.length];
                    for (int i = 0; i < events.length; i++) {
                        long seq = from + i;
                        props[i] = new TweetsEventHubFunction.SystemProperties();
                        props[i].SequenceNumber = Long.toString(seq);
                        props[i].Offset = Long.toString(seq * 1024);
                        props[i].EnqueuedTimeUtc = Instant.parse("2021-06-01T00:00:00Z").plusSeconds(seq).toString();
                    }
                    Map<String, Object> context = new HashMap<>();
                    context.put("FullyQualifiedNamespace", "local.servicebus.windows.net");
                    context.put("EventHubName", "tweets");
                    context.put("ConsumerGroup", "$Default");
                    context.put("PartitionId", Integer.toString(partition));
                    function.run(events, props, context, new LocalExecutionContext("TweetsEventHub", verbose));
                    long d = done.addAndGet(events.length);
                    int b = batches.incrementAndGet();
                    if (b % 20 == 0) {
                        double secs = (System.nanoTime() - startNanos) / 1e9;
                        out.printf("  tweets: %,d/%,d events, %d batches, %.0f events/s%n", d, total, b, d / secs);
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                outcome.problems.add("tweets: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CliException.failure("interrupted");
            }
        }
        outcome.batches = batches.get();
        double secs = (System.nanoTime() - startNanos) / 1e9;
        out.printf("  %-20s %,d events in %d batches over %d partitions, %.1f s (%.0f events/s)%n", "tweets",
                total, batches.get(), partitions, secs, total / Math.max(secs, 1e-9));
    }
}
