package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Replays quarantined records: each goes through today's parsing and typing ({@link FileRecords#parse}, the parser
 * of every landed record) and its landing's expectations ({@link ExpectationCheck}) again; one that passes lands in
 * its Bronze table with its original source coordinates, and its resolution row is written to
 * {@code _system/quarantine_resolutions}. The quarantine row stays as it was.
 *
 * <p>Exactly once per record, whatever the selection, however often and however interrupted: the Bronze commit
 * carries one txn per record, {@link Quarantine#appId} of its identity at version 0, conditional on none being
 * recorded; records whose txn Bronze records already are not landed again (their resolution row is written if it is
 * missing: a replay killed between the two commits). A concurrent replay that lands some of the same records first
 * makes the commit fail before anything is written; the records are checked again and the rest committed. The
 * resolution rows carry the same txns, so each is written once. Records are committed per dataset in chunks.
 *
 * <p>One event-log row per replay (stage {@code replay}, table {@code _system/quarantine}): in = records replayed,
 * written = landed now, duplicate = landed by an earlier replay, quarantined = still failing (they stay unresolved).
 */
public final class QuarantineReplay {
    public static final int DEFAULT_BATCH = 5_000;
    private static final int ATTEMPTS = 8;

    private record Landing(Dataset dataset, Typer typer, BronzeRow layout, ExpectationCheck expectations) {
    }

    /** A corrected payload from {@code quarantine export}: replaces the record's own when replayed. */
    public record Edit(String id, byte[] payload, String raw) {
    }

    /**
     * What a replay did. {@code landed}, {@code landedBefore} and {@code stillFailing} per dataset; the still failing
     * grouped by dataset, kind and reason (one line each); {@code alreadyResolved}: selected records Bronze held
     * before this replay, left alone.
     */
    public record Outcome(RunResult run, Map<String, long[]> byDataset, Map<String, Long> failures,
                          long alreadyResolved) {
        public long landed() {
            return byDataset.values().stream().mapToLong(c -> c[0]).sum();
        }

        public long landedBefore() {
            return byDataset.values().stream().mapToLong(c -> c[1]).sum();
        }

        public long stillFailing() {
            return byDataset.values().stream().mapToLong(c -> c[2]).sum();
        }
    }

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final int batch;
    private final Map<String, Landing> landings = new LinkedHashMap<>();
    /** Runs after each Bronze commit, before its resolutions: tests put a crash here. */
    Runnable afterBronzeCommit = () -> { };

    public QuarantineReplay(Lake lake, EventLog eventLog, Clock clock, PipelineGraph graph, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("records per commit must be at least 1, got " + batch);
        }
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.batch = batch;
        for (LandingNode n : graph.landings()) {
            Dataset d = n.dataset();
            // typed against the Bronze table as it is (with any columns drift added); a replay adds no column, so
            // under evolve an unknown field is rescued, and under strict the record stays quarantined
            LakeTable bronze = lake.table(d.bronzePath());
            TableSchema table = bronze.exists() ? bronze.schema() : d.bronzeSchema();
            Typer typer = new Typer(d, table, n.drift() == LandingNode.Drift.EVOLVE ? LandingNode.Drift.RESCUE
                    : n.drift());
            landings.put(d.folder(), new Landing(d, typer, new BronzeRow(table, typer),
                    new ExpectationCheck(n.expectations())));
        }
    }

    /** Replays the unresolved records the filter selects. */
    public Outcome replay(Quarantine.Filter filter, Progress progress) {
        return run(Quarantine.read(lake, filter), Map.of(), "quarantine " + filter.describe(), progress);
    }

    /**
     * Replays the records of {@code edits} with their edited payloads.
     *
     * @throws IllegalArgumentException naming an id the quarantine does not hold (before anything is written)
     */
    public Outcome replayEdited(Map<String, Edit> edits, String from, Progress progress) {
        List<Quarantine.Entry> entries = new ArrayList<>();
        for (Quarantine.Entry e : Quarantine.read(lake, Quarantine.Filter.ALL)) {
            if (edits.containsKey(e.id())) {
                entries.add(e);
            }
        }
        if (entries.size() < edits.size()) {
            List<String> known = entries.stream().map(Quarantine.Entry::id).toList();
            String missing = edits.keySet().stream().filter(id -> !known.contains(id)).findFirst().orElseThrow();
            throw new IllegalArgumentException("no quarantined record has id " + missing);
        }
        return run(entries, edits, "edited " + from, progress);
    }

    private Outcome run(List<Quarantine.Entry> selected, Map<String, Edit> edits, String source, Progress progress) {
        Run run = new Run(UUID.randomUUID().toString(), Stage.REPLAY, clock.instant());
        run.table(SystemTables.QUARANTINE);
        run.source(source);
        Map<String, long[]> byDataset = new TreeMap<>();
        Map<String, Long> failures = new TreeMap<>();
        long alreadyResolved = 0;
        Map<String, List<Quarantine.Entry>> todo = new LinkedHashMap<>();
        for (Quarantine.Entry e : selected) {
            if (e.resolved() && e.resolution() != null) {
                alreadyResolved++;
            } else {
                todo.computeIfAbsent(e.record().dataset(), k -> new ArrayList<>()).add(e);
            }
        }
        long total = todo.values().stream().mapToLong(List::size).sum();
        try (Progress.Task task = progress.start("replay", total, "records")) {
            LakeTable resolutions = lake.table(SystemTables.QUARANTINE_RESOLUTIONS);
            for (Map.Entry<String, List<Quarantine.Entry>> d : todo.entrySet()) {
                long[] counts = byDataset.computeIfAbsent(d.getKey(), k -> new long[3]);
                task.note(d.getKey());
                List<Quarantine.Entry> all = d.getValue();
                for (int from = 0; from < all.size(); from += batch) {
                    List<Quarantine.Entry> chunk = all.subList(from, Math.min(all.size(), from + batch));
                    replayChunk(d.getKey(), chunk, edits, resolutions, run, counts, failures);
                    task.step(chunk.size());
                }
            }
            long landed = byDataset.values().stream().mapToLong(c -> c[0]).sum();
            long before = byDataset.values().stream().mapToLong(c -> c[1]).sum();
            long failing = byDataset.values().stream().mapToLong(c -> c[2]).sum();
            run.status(total == 0 ? RunStatus.EMPTY : landed + before == 0 ? RunStatus.SKIPPED : RunStatus.COMMITTED);
            run.tableVersion(resolutions.version());
            run.message(total == 0 ? "nothing to replay (" + alreadyResolved + " selected records resolved before)"
                    : landed + " landed in Bronze, " + before + " landed by an earlier replay (resolution written), "
                    + failing + " still fail" + (alreadyResolved > 0 ? "; " + alreadyResolved + " resolved before" : ""));
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return new Outcome(eventLog.finish(run, clock), byDataset, failures, alreadyResolved);
    }

    /** A record that passed, on its way to Bronze. */
    private record Candidate(Quarantine.Entry entry, Object[] row, Edit edit) {
    }

    private void replayChunk(String dataset, List<Quarantine.Entry> chunk, Map<String, Edit> edits,
                             LakeTable resolutions, Run run, long[] counts, Map<String, Long> failures) {
        run.addRowsIn(chunk.size());
        Landing landing = landings.get(dataset);
        if (landing == null) {
            for (int i = 0; i < chunk.size(); i++) { // a dataset the graph no longer lands: its records wait
                fail(dataset, "-", "the pipeline graph declares no " + dataset + " landing", run, counts, failures);
            }
            return;
        }
        LakeTable bronze = lake.table(landing.dataset().bronzePath());
        bronze.createIfAbsent(landing.dataset().bronzeSpec());
        List<String> appIds = chunk.stream().map(e -> Quarantine.appId(e.id())).toList();
        Map<String, Long> landedBefore = bronze.txnVersions(appIds);
        List<Quarantine.Entry> before = new ArrayList<>();
        List<Candidate> pending = new ArrayList<>();
        Instant now = clock.instant();
        for (Quarantine.Entry e : chunk) {
            if (landedBefore.containsKey(Quarantine.appId(e.id()))) {
                before.add(e);
                continue;
            }
            Edit edit = edits.get(e.id());
            QuarantineRecord q = e.record();
            byte[] payload = edit != null ? edit.payload() : q.payloadBytes();
            FileRecords.Record parsed = FileRecords.parse(landing.dataset(), landing.typer(), null, q.sourceOffset(),
                    payload);
            if (parsed.error() != null) {
                fail(dataset, parsed.error().kind().label(), parsed.error().getMessage(), run, counts, failures);
                continue;
            }
            String dropped;
            try {
                dropped = landing.expectations().dropped(parsed.row(), run, q.sourceOffset());
            } catch (BronzeIngest.ExpectationFailedException x) {
                fail(dataset, QuarantineRecord.Kind.EXPECTATION.label(), x.getMessage(), run, counts, failures);
                continue;
            }
            if (dropped != null) {
                fail(dataset, QuarantineRecord.Kind.EXPECTATION.label(), "dropped by expectation " + dropped, run,
                        counts, failures);
                continue;
            }
            pending.add(new Candidate(e, landing.layout().of(parsed.row(), bronzeSource(q), q.sourceOffset(), null,
                    now), edit));
        }
        long version = commitBronze(bronze, pending, before, dataset, run, counts, failures);
        counts[0] += pending.size();
        counts[1] += before.size();
        run.addRowsWritten(pending.size());
        run.addRowsDuplicate(before.size());
        afterBronzeCommit.run();
        resolve(resolutions, landing.dataset(), pending, version, before, run);
    }

    /**
     * Commits the candidates to Bronze under one txn each; those a concurrent or earlier replay landed meanwhile move
     * to {@code before}, a row the lake refuses stays in the quarantine with the lake's reason. Returns the version.
     */
    private long commitBronze(LakeTable bronze, List<Candidate> pending, List<Quarantine.Entry> before, String dataset,
                              Run run, long[] counts, Map<String, Long> failures) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Long> recorded = bronze.txnVersions(pending.stream()
                    .map(c -> Quarantine.appId(c.entry().id())).toList());
            pending.removeIf(c -> {
                if (recorded.containsKey(Quarantine.appId(c.entry().id()))) {
                    before.add(c.entry());
                    return true;
                }
                return false;
            });
            if (pending.isEmpty()) {
                return -1;
            }
            List<Object[]> rows = new ArrayList<>(pending.size());
            List<Txn> txns = new ArrayList<>(pending.size());
            for (Candidate c : pending) {
                rows.add(c.row());
                txns.add(new Txn(Quarantine.appId(c.entry().id()), 0, Txn.NONE));
            }
            try {
                CommitResult r = bronze.append(rows, txns);
                if (r.committed()) {
                    return r.version();
                }
                // every txn recorded meanwhile: the next pass moves them to the landed-before
            } catch (RowRejectedException e) {
                Candidate refused = pending.stream().filter(c -> c.row() == e.row()).findFirst().orElseThrow(() -> e);
                pending.remove(refused);
                fail(dataset, QuarantineRecord.Kind.SCHEMA.label(), "cannot be stored: " + e.reason(), run, counts,
                        failures);
            } catch (TableRefusedException e) {
                throw e;
            } catch (LakeException e) {
                // a concurrent replay recorded some of these txns (the commit was not made): check again
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * The {@code _source} of a replayed row: the record's own, but for the events of a batch set aside for unusable
     * metadata, which have no sequence numbers (the offset is the index in the batch): their source names the run
     * that set the batch aside, so that two such batches of one partition, or a real event at the same number, never
     * share coordinates.
     */
    static String bronzeSource(QuarantineRecord q) {
        return q.kind() == QuarantineRecord.Kind.METADATA ? q.source() + "#unkeyed-" + q.runId() : q.source();
    }

        /** Writes the resolution rows still missing, each once (the same txns as in Bronze). */
    private void resolve(LakeTable resolutions, Dataset dataset, List<Candidate> landed, long version,
                         List<Quarantine.Entry> before, Run run) {
        Map<String, QuarantineResolution> rows = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Candidate c : landed) {
            rows.put(c.entry().id(), resolution(c.entry(), dataset, version, c.edit(), now, run));
        }
        for (Quarantine.Entry e : before) {
            rows.put(e.id(), resolution(e, dataset, null, null, now, run));
        }
        if (!rows.isEmpty()) {
            resolutions.createIfAbsent(SystemTables.QUARANTINE_RESOLUTIONS_SPEC);
        }
        for (int attempt = 1; !rows.isEmpty(); attempt++) {
            Map<String, Long> recorded = resolutions.txnVersions(rows.keySet().stream().map(Quarantine::appId).toList());
            rows.keySet().removeIf(id -> recorded.containsKey(Quarantine.appId(id)));
            if (rows.isEmpty()) {
                return;
            }
            List<Txn> txns = rows.keySet().stream().map(id -> new Txn(Quarantine.appId(id), 0, Txn.NONE)).toList();
            try {
                if (resolutions.append(rows.values().stream().map(QuarantineResolution::toRow).toList(), txns)
                        .committed()) {
                    return;
                }
            } catch (TableRefusedException e) {
                throw e;
            } catch (LakeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static QuarantineResolution resolution(Quarantine.Entry e, Dataset dataset, Long version, Edit edit,
                                                   Instant now, Run run) {
        QuarantineRecord q = e.record();
        return new QuarantineResolution(e.id(), q.dataset(), q.source(), q.sourceOffset(),
                edit == null ? QuarantineResolution.REPLAYED : QuarantineResolution.EDITED, dataset.bronzePath(),
                version == null || version < 0 ? null : version, edit == null ? null : edit.raw(), now, run.runId());
    }

    private static void fail(String dataset, String kind, String reason, Run run, long[] counts,
                             Map<String, Long> failures) {
        counts[2]++;
        run.addRowsQuarantined(1);
        failures.merge(dataset + " " + kind + ": " + reason, 1L, Long::sum);
    }
}
