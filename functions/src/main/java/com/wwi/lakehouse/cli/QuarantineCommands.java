package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.ingest.QuarantineEdits;
import com.wwi.lakehouse.ingest.QuarantineRecord;
import com.wwi.lakehouse.ingest.QuarantineReplay;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.runs.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code ./lakehouse quarantine list | export | replay}: the operator's view of the quarantine, and its way out. */
final class QuarantineCommands {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final int PAYLOAD_CHARS = 60;
    private static final int REASON_GROUPS = 20;

    private QuarantineCommands() {
    }

    @Command(name = "quarantine", sortOptions = false,
            header = "The quarantine: list, export and replay bad records.",
            description = {"List the quarantined records, export them as JSON lines to edit, and replay them (as they",
                    "are, or edited) through today's parsing, typing and expectations into Bronze, each exactly once."},
            subcommands = {ListRecords.class, Export.class, Replay.class})
    static final class Group extends LakehouseCommand {
        @Override
        int execute() {
            throw usage("which subcommand? list, export or replay (./lakehouse quarantine --help)");
        }
    }

    /** The lake and the filters, shared by the three subcommands. */
    static final class Selection {
        @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
        String lake;
        @Option(names = "--dataset", paramLabel = "D", description = "Only this dataset (tweets, campaigns, churn, store-transactions, sales).")
        String dataset;
        @Option(names = "--kind", paramLabel = "K", description = "Only this kind: parse, schema, expectation or metadata.")
        String kind;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Only records whose reason contains TEXT (ignoring case).")
        String reason;
        @Option(names = "--since", paramLabel = "T", description = "Only records quarantined since T: 2026-12-07T08:00:00Z, 2026-12-07 (UTC) or an age (30m, 12h, 7d).")
        String since;

        Quarantine.Filter filter;

        boolean filtered() {
            return dataset != null || kind != null || reason != null || since != null;
        }

        void validate(LakehouseCommand c) {
            try {
                filter = Quarantine.Filter.of(dataset, kind, reason, since, Instant.now());
            } catch (IllegalArgumentException e) {
                throw c.usage(e.getMessage());
            }
        }
    }

    @Command(name = "list", sortOptions = false,
            header = "The quarantined records, grouped by reason, with their state.",
            description = {"The quarantined records the filters select: counts by dataset, kind and reason (unresolved",
                    "ones), then each record with its id, state (unresolved, or resolved: landed in Bronze by a replay),",
                    "source, reason and the start of its payload. Reads only."})
    static final class ListRecords extends LakehouseCommand {
        @Mixin
        Selection selection = new Selection();
        @Option(names = "--limit", paramLabel = "N", description = "Records to print (default: ${DEFAULT-VALUE}; the counts cover all).")
        int limit = 50;

        @Override
        void validate() {
            selection.validate(this);
            between("--limit", limit, 0, 10_000_000);
        }

        @Override
        int execute() {
            Lake l = Main.existingLake(name, selection.lake);
            List<Quarantine.Entry> entries = Quarantine.read(l, selection.filter);
            long resolved = entries.stream().filter(Quarantine.Entry::resolved).count();
            out.printf("quarantine of %s, %s: %,d records, %,d unresolved, %,d resolved by a replay%n", l.root(),
                    selection.filter.describe(), entries.size(), entries.size() - resolved, resolved);
            if (entries.isEmpty()) {
                return 0;
            }
            Map<String, Long> groups = new TreeMap<>();
            for (Quarantine.Entry e : entries) {
                if (!e.resolved()) {
                    QuarantineRecord r = e.record();
                    groups.merge(r.dataset() + " " + r.kind().label() + ": " + Main.oneLine(r.reason()), 1L, Long::sum);
                }
            }
            out.println();
            out.println("unresolved, by dataset, kind and reason:");
            printGroups(groups, out);
            out.println();
            out.printf("%-32s %-10s %-18s %-11s %-19s  %s%n", "id", "state", "dataset", "kind", "quarantined (UTC)",
                    "source:offset  reason  | payload");
            int printed = 0;
            for (Quarantine.Entry e : entries) {
                if (printed++ >= limit) {
                    out.printf("... %,d more (--limit)%n", entries.size() - limit);
                    break;
                }
                QuarantineRecord r = e.record();
                String state = !e.resolved() ? "unresolved" : e.resolution() != null
                        && e.resolution().editedRaw() != null ? "edited" : "resolved";
                String payload = r.raw() == null ? "" : Main.oneLine(r.raw());
                out.printf("%-32s %-10s %-18s %-11s %-19s  %s:%d  %s  | %s%s%n", e.id(), state, r.dataset(),
                        r.kind().label(), TIME.format(r.quarantinedAt()), r.source(), r.sourceOffset(),
                        Main.oneLine(r.reason()), payload.length() > PAYLOAD_CHARS ? payload.substring(0, PAYLOAD_CHARS)
                                + "..." : payload, r.rawEncoding().equals("utf8") ? "" : " (" + r.rawEncoding() + ")");
            }
            return 0;
        }
    }

    /** Prints reason groups, largest first, at most {@link #REASON_GROUPS}. */
    static void printGroups(Map<String, Long> groups, PrintStream out) {
        List<Map.Entry<String, Long>> sorted = groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        for (Map.Entry<String, Long> g : sorted.subList(0, Math.min(REASON_GROUPS, sorted.size()))) {
            out.printf("  %,8d  %s%n", g.getValue(), g.getKey());
        }
        if (sorted.size() > REASON_GROUPS) {
            out.printf("  ... %d more reasons%n", sorted.size() - REASON_GROUPS);
        }
    }

    @Command(name = "export", sortOptions = false,
            header = "Write unresolved quarantined records as JSON lines to edit.",
            description = {"Write the unresolved records the filters select to FILE, one JSON object per line (id, dataset,",
                    "source, offset, kind, reason, quarantinedAt, encoding, payload). Edit the payloads, keep the ids,",
                    "and give the file back to ./lakehouse quarantine replay --edited FILE. Reads the lake only."})
    static final class Export extends LakehouseCommand {
        @Mixin
        Selection selection = new Selection();
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write (must not exist).")
        Path file;

        @Override
        void validate() {
            selection.validate(this);
            if (Files.exists(file)) {
                throw usage("--out " + file + " exists; give another file or delete it (it may hold your edits)");
            }
        }

        @Override
        int execute() {
            Lake l = Main.existingLake(name, selection.lake);
            List<Quarantine.Entry> unresolved = Quarantine.read(l, selection.filter).stream()
                    .filter(e -> !e.resolved()).toList();
            long n;
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                    n = QuarantineEdits.write(unresolved, w);
                }
            } catch (IOException e) {
                throw CliException.failure(name + ": cannot write " + file + ": " + e.getMessage());
            }
            out.printf("wrote %,d unresolved records (%s) to %s; edit their payloads, then:%n  ./lakehouse quarantine"
                    + " replay --lake %s --edited %s%n", n, selection.filter.describe(), file, selection.lake, file);
            return 0;
        }
    }

    @Command(name = "replay", sortOptions = false,
            header = "Replay quarantined records into Bronze, each exactly once.",
            description = {"Parse, type and check the unresolved records the filters select (or the records of an",
                    "edited export, with their edited payloads) again with today's code and expectations; each that",
                    "passes lands in its Bronze table with its source coordinates, once, and is marked resolved; the",
                    "others stay, counted by reason. Safe to repeat, to interrupt and rerun, and beside the app.",
                    "Silver and Gold follow at the next refresh (./lakehouse refresh)."})
    static final class Replay extends LakehouseCommand {
        @Mixin
        Selection selection = new Selection();
        @Option(names = "--edited", paramLabel = "FILE", description = "Replay the records of this edited export, with their edited payloads.")
        Path edited;
        @Option(names = "--batch-size", paramLabel = "B", description = "Records per Bronze commit (default: ${DEFAULT-VALUE}).")
        int batch = QuarantineReplay.DEFAULT_BATCH;

        private Map<String, QuarantineReplay.Edit> edits;

        @Override
        void validate() {
            selection.validate(this);
            between("--batch-size", batch, 1, 1_000_000);
            if (edited == null) {
                return;
            }
            if (selection.filtered()) {
                throw usage("--edited replays the records of its file; --dataset, --kind, --reason and --since select"
                        + " from the quarantine: give one or the other");
            }
            try (Reader r = Files.newBufferedReader(edited, StandardCharsets.UTF_8)) {
                edits = QuarantineEdits.read(r, edited.toString());
            } catch (IOException e) {
                throw usage("cannot read --edited " + edited + ": " + (e instanceof NoSuchFileException
                        ? "no such file" : e.getMessage()));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }

        @Override
        int execute() {
            Lake existing = Main.existingLake(name, selection.lake);
            if (edits != null) {
                // every id must be in this lake's quarantine before anything is written
                Set<String> known = new HashSet<>();
                Quarantine.read(existing, Quarantine.Filter.ALL).forEach(e -> known.add(e.id()));
                for (String id : edits.keySet()) {
                    if (!known.contains(id)) {
                        throw usage(Errors.unknownQuarantineId(edited.toString(), id));
                    }
                }
            }
            Pipeline pipeline = Main.openLake(selection.lake, false);
            QuarantineReplay replay = pipeline.quarantineReplay(batch);
            out.println("replaying " + (edits != null ? edits.size() + " edited records of " + edited
                    : "the unresolved records of the quarantine (" + selection.filter.describe() + ")") + " in "
                    + pipeline.lake().root());
            QuarantineReplay.Outcome o = edits != null ? replay.replayEdited(edits, edited.getFileName().toString(), progress)
                    : replay.replay(selection.filter, progress);
            return report(o, out);
        }
    }

    /** The replay's report; 1 when the run failed. */
    static int report(QuarantineReplay.Outcome o, PrintStream out) {
        out.printf("%-20s %10s %14s %12s%n", "dataset", "landed", "landed before", "still fail");
        o.byDataset().forEach((d, c) -> out.printf("%-20s %,10d %,14d %,12d%n", d, c[0], c[1], c[2]));
        out.printf("%-20s %,10d %,14d %,12d%n", "total", o.landed(), o.landedBefore(), o.stillFailing());
        if (o.alreadyResolved() > 0) {
            out.printf("%,d selected records were resolved before: left alone%n", o.alreadyResolved());
        }
        if (!o.failures().isEmpty()) {
            out.println();
            out.println("still failing, by dataset, kind and reason (they stay in the quarantine, unresolved):");
            Map<String, Long> oneLine = new TreeMap<>();
            o.failures().forEach((k, v) -> oneLine.merge(Main.oneLine(k), v, Long::sum));
            printGroups(oneLine, out);
        }
        out.println();
        if (o.run().status() == RunStatus.FAILED) {
            System.err.println("lakehouse: quarantine replay failed: " + Main.oneLine(o.run().message())
                    + " (run it again: what landed is not landed twice)");
            return 1;
        }
        out.println(o.landed() > 0 ? "landed " + o.landed() + " records in Bronze; ./lakehouse refresh brings Silver and"
                + " Gold up to date (the app's timers do it too)" : "nothing new landed in Bronze");
        return 0;
    }
}
