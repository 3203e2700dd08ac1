package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.CommitConflictException;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.RowRejectedException;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The full refresh of a Bronze table: every file it landed, read again from the landing store or its archive through
 * today's parsing, typing and expectations, replacing that file's rows in Bronze and its records in the quarantine.
 *
 * <p>What is rebuilt: the files whose txn the Bronze snapshot records as finished ({@code landing/<folder>/<hash>} at
 * a {@link BronzeIngest#FINAL} version), each found by its identity (path and content hash) in the landing store or
 * its archive. Rows of other sources (Event Hub batches) stay as they are. The rebuild is refused, with nothing
 * written, when a landed file is in neither place (the message names what is missing), when a file is being landed
 * (a txn below FINAL), or when a file is unusable now (a header today's code rejects): replacing its rows with
 * nothing would lose them. Files in the landing store that Bronze does not record yet are left to the live path.
 *
 * <p>Records a quarantine replay landed are left as they are: at their source coordinates (file and line) the Bronze
 * rows, the quarantine rows and the resolutions stay, and the file's record there is not staged again, so an edited
 * payload is never replaced by the raw line it corrected.
 *
 * <p>Exactly once, safe beside ingestion: the quarantine, then Bronze, are each overwritten in one commit planned from
 * one snapshot ({@link LakeTable#overwriteFiles}) that removes only the data files holding rows of the rebuilt files
 * (their other rows are written again) and carries the txn {@code bronze-rebuild/<folder>} at the same version in
 * both tables. Commits that land meanwhile and only append rows of other inputs (new files, Event Hub batches) are
 * kept and the overwrite is tried on the new version; anything else (a compaction, a file landed between the reads
 * of the two tables) makes it plan again. A rebuild killed between the two commits leaves the quarantine one version
 * ahead ({@link #interrupted}); the next rebuild does both again from the files, which gives the same rows.
 *
 * <p>Memory holds one chunk of a file at a time: each chunk's rows and records are written as uncommitted files
 * ({@link LakeTable#writeUncommitted}) as soon as they are read, and the files to replace are chosen from their key
 * columns alone. DESIGN.md, "Full refresh".
 */
public final class BronzeRebuild {
    /** The txn of every rebuild of a dataset, in its Bronze table and the quarantine: a count of rebuilds. */
    public static final String APP_ID_PREFIX = "bronze-rebuild/";
    /** Plans before a rebuild gives up: only a rival that is not a plain append of other inputs costs one. */
    static final int ATTEMPTS = 8;

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;
    private final BronzeIngest ingest;
    private final List<LandingStore> landings;
    /** Runs after the files are read, before the quarantine commit: tests land or compact here. */
    Runnable beforeCommits = () -> { };
    /** Runs after the quarantine commit, before the Bronze one: tests put a crash here. */
    Runnable betweenCommits = () -> { };

    /** A rebuild reading the landed files from {@code landings} and the archive of each. */
    public BronzeRebuild(Lake lake, EventLog eventLog, Clock clock, BronzeIngest ingest, List<LandingStore> landings) {
        if (landings.isEmpty()) {
            throw new IllegalArgumentException("a Bronze rebuild reads landed files: give at least one landing store");
        }
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
        this.ingest = ingest;
        this.landings = List.copyOf(landings);
    }

    private String describe() {
        return String.join(", ", landings.stream().map(LandingStore::describe).toList());
    }

    /** The txn appId of a dataset's rebuilds. */
    public static String appId(Dataset d) {
        return APP_ID_PREFIX + d.folder();
    }

    /**
     * Whether a rebuild of {@code d} was killed between its two commits: the quarantine records a rebuild that
     * Bronze does not. The next rebuild of the dataset puts it right.
     */
    public static boolean interrupted(Lake lake, Dataset d) {
        LakeTable b = lake.table(d.bronzePath());
        LakeTable q = lake.table(SystemTables.QUARANTINE);
        if (!b.exists() || !q.exists()) {
            return false;
        }
        return q.txnVersion(appId(d)).orElse(-1L) > b.txnVersion(appId(d)).orElse(-1L);
    }

    /** A file found in the landing store or its archive. */
    private record Found(LandedFile file, boolean archived) {
    }

    /** Rebuilds {@code d}'s Bronze table from its files; one event-log row (stage {@code bronze-rebuild}). */
    public RunResult rebuild(Dataset d, Progress progress) {
        Run run = new Run(UUID.randomUUID().toString(), Stage.BRONZE_REBUILD, clock.instant());
        run.table(d.bronzePath());
        run.source(describe() + (landings.size() > 1 ? " (and their archives)" : " (and its archive)"));
        try {
            LakeTable bronze = lake.table(d.bronzePath());
            if (!bronze.exists()) {
                throw new LakeException(d.bronzePath() + " does not exist yet: nothing was landed to rebuild");
            }
            Map<String, Found> found = find(d, progress);
            Written written = new Written(bronze, lake.table(SystemTables.QUARANTINE));
            try {
                for (int attempt = 1; ; attempt++) {
                    run.resetAttempt();
                    try {
                        rebuildOnce(d, bronze, found, written, run, progress);
                        if (attempt > 1) {
                            run.note("committed at plan " + attempt);
                        }
                        break;
                    } catch (CommitConflictException e) {
                        if (attempt >= ATTEMPTS) {
                            throw new LakeException("gave up after " + attempt + " plans, each overtaken by a commit"
                                    + " that was not an append of other inputs (a compaction, say); run it again."
                                    + " Last: " + e.getMessage(), e);
                        }
                        pause(attempt);
                    }
                }
            } catch (IOException | RuntimeException e) {
                written.discardAll();
                throw e;
            }
        } catch (IOException e) {
            run.failed("cannot read the landed files of " + d.folder() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            run.failed(e.getMessage());
        }
        return eventLog.finish(run, clock);
    }

    /** Waits a little longer after each plan overtaken: a file being landed meanwhile has its time to finish. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(200L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LakeException("interrupted while planning a Bronze rebuild again", e);
        }
    }

    /** Every file of the dataset's folder in the landing stores and their archives, by txn appId (one read each). */
    private Map<String, Found> find(Dataset d, Progress progress) throws IOException {
        String prefix = d.folder() + "/";
        record Listed(LandingStore store, boolean archived, String path) {
        }
        List<Listed> listed = new ArrayList<>();
        for (LandingStore landing : landings) {
            LandingStore archive = landing.archive();
            archive.list(prefix).forEach(p -> listed.add(new Listed(archive, true, p)));
            landing.list(prefix).forEach(p -> listed.add(new Listed(landing, false, p)));
        }
        Map<String, Found> out = new LinkedHashMap<>();
        try (Progress.Task task = progress.start("find " + d.folder() + " files", listed.size(), "files")) {
            for (Listed l : listed) {
                LandedFile f = l.store().file(l.path());
                out.putIfAbsent(BronzeIngest.fileAppId(d, f), new Found(f, l.archived())); // same bytes either way
                task.step();
            }
        }
        return out;
    }

    private void rebuildOnce(Dataset d, LakeTable bronze, Map<String, Found> found, Written written, Run run,
                             Progress progress) throws IOException {
        LakeTable quarantine = written.quarantine;
        String appId = appId(d);
        LakeTable.TableState b = bronze.current();
        long bronzeRecorded = b.txns().getOrDefault(appId, -1L);
        long quarantineRecorded = quarantine.txnVersion(appId).orElse(-1L);
        long version = Math.max(bronzeRecorded, quarantineRecorded) + 1;

        // the files Bronze records: each must be found, finished and usable
        String filePrefix = BronzeIngest.FILE_APP_ID_PREFIX + d.folder() + "/";
        List<String> landed = new ArrayList<>();
        int missing = 0;
        for (int look = 0; look < 2; look++) {
            landed.clear();
            missing = 0;
            for (Map.Entry<String, Long> t : b.txns().entrySet()) {
                if (!t.getKey().startsWith(filePrefix)) {
                    continue;
                }
                if (t.getValue() < BronzeIngest.FINAL) {
                    throw new LakeException(d.bronzePath() + ": a file is being landed (chunk " + t.getValue()
                            + " committed); run the rebuild again when it is done");
                }
                if (found.containsKey(t.getKey())) {
                    landed.add(t.getKey());
                } else {
                    missing++;
                }
            }
            if (missing == 0) {
                break;
            }
            if (look == 0) {
                found.putAll(find(d, Progress.NONE)); // files landed (and moved) since they were listed
            }
        }
        if (missing > 0) {
            throw new LakeException(missingMessage(d, bronze, b, found, missing));
        }
        if (landed.isEmpty()) {
            run.status(RunStatus.SKIPPED);
            run.message("no landed file recorded: nothing to rebuild" + (b.txns().keySet().stream()
                    .anyMatch(a -> !a.startsWith(APP_ID_PREFIX)) ? " (rows of Event Hub batches stay as they landed)"
                    : ""));
            run.tableVersion(b.version());
            return;
        }
        landed.sort(null);
        Set<String> sources = new TreeSet<>();
        for (String a : landed) {
            sources.add("landing/" + found.get(a).file().path());
        }
        Set<String> frozen = replayed(d, sources);
        written.keepOnly(frozen);
        try (Progress.Task task = progress.start("read " + d.folder() + " files", landed.size(), "files")) {
            for (String a : landed) {
                if (!written.files.containsKey(a)) {
                    written.files.put(a, stage(found.get(a).file(), d, bronze, quarantine, frozen,
                            run.runId()));
                }
                task.step();
            }
        }
        long rows = 0;
        long quarantined = 0;
        long keptByReplay = 0;
        List<DataFile> bronzeFiles = new ArrayList<>();
        List<DataFile> quarantineFiles = new ArrayList<>();
        for (String a : landed) {
            FileWritten w = written.files.get(a);
            rows += w.rows;
            quarantined += w.quarantined;
            keptByReplay += w.keptByReplay;
            bronzeFiles.addAll(w.bronze);
            quarantineFiles.addAll(w.quarantine);
        }

        beforeCommits.run();
        // the quarantine first: the dataset's records of the rebuilt files are replaced
        LakeTable.TableState q = quarantine.current();
        Set<String> planned = new HashSet<>(landed);
        for (String a : q.txns().keySet()) {
            if (a.startsWith(filePrefix) && !planned.contains(a)) {
                // a file landed since Bronze was read: its records may be at a rebuilt path, so plan again with it
                throw new CommitConflictException(d.bronzePath() + ": a file was landed while the rebuild read (its"
                        + " quarantine records are committed, its Bronze rows were not when read); plan again", null);
            }
        }
        Replacement qr = replace(quarantine, q, List.of("dataset", "source", "source_offset"),
                row -> d.folder().equals(row[0]) && sources.contains((String) row[1])
                        && !frozen.contains(row[1] + "\n" + row[2]),
                quarantineFiles, new Txn(appId, version, quarantineRecorded), "quarantine", false, written);
        written.quarantineCommitted();

        betweenCommits.run();
        // then Bronze
        Replacement br = replace(bronze, b, List.of("_source", "_source_offset"),
                row -> sources.contains((String) row[0]) && !frozen.contains(row[0] + "\n" + row[1]), bronzeFiles,
                new Txn(appId, version, bronzeRecorded), "bronze", true, written);
        written.committed();
        long archivedCount = landed.stream().filter(a -> found.get(a).archived()).count();
        run.rowsIn(rows + quarantined + keptByReplay);
        run.rowsWritten(rows);
        run.rowsQuarantined(quarantined);
        run.inputVersion(d.bronzePath(), b.version());
        run.tableVersion(br.result.version());
        run.status(RunStatus.COMMITTED);
        run.message("rebuilt from " + landed.size() + " file(s) (" + archivedCount + " from the archive, "
                + (landed.size() - archivedCount) + " still in landing): " + rows + " rows (were " + br.replaced
                + "), " + quarantined + " quarantined (were " + qr.replaced + ")"
                + (keptByReplay > 0 ? "; " + keptByReplay + " record(s) a replay landed left as they are" : "")
                + (br.carried > 0 ? "; " + br.carried + " row(s) of other sources written again as they were" : "")
                + "; " + br.removed + " of " + b.files().size() + " files replaced");
    }

    /** One file's rows and records, written as uncommitted files of Bronze and of the quarantine. */
    private record FileWritten(List<DataFile> bronze, List<DataFile> quarantine, long rows, long quarantined,
                               long keptByReplay) {
    }

    /**
     * What a rebuild has written and not committed: each file's (kept across plans while the frozen coordinates stay
     * the same) and the other rows of replaced files (written again on each plan). Given up, all of it is deleted.
     */
    private static final class Written {
        final LakeTable bronze;
        final LakeTable quarantine;
        final Map<String, FileWritten> files = new HashMap<>();
        final List<Runnable> carried = new ArrayList<>();
        Set<String> frozenFor;
        /** The quarantine side of {@link #files} was committed: they cannot serve another plan. */
        boolean quarantineCommitted;

        Written(LakeTable bronze, LakeTable quarantine) {
            this.bronze = bronze;
            this.quarantine = quarantine;
        }

        /**
         * At the start of a plan: keeps what was written for these frozen coordinates unless its quarantine side was
         * committed by the plan before; deletes the rest, and the other rows written for the plan before.
         */
        void keepOnly(Set<String> frozen) {
            if (quarantineCommitted || (frozenFor != null && !frozenFor.equals(frozen))) {
                discardFiles();
            }
            frozenFor = frozen;
            carried.forEach(Runnable::run);
            carried.clear();
        }

        /** The quarantine's overwrite committed its files and the other rows it wrote again. */
        void quarantineCommitted() {
            quarantineCommitted = true;
            carried.clear();
        }

        void committed() {
            files.clear();
            carried.clear();
        }

        void discardAll() {
            discardFiles();
            carried.forEach(Runnable::run);
            carried.clear();
        }

        private void discardFiles() {
            for (FileWritten w : files.values()) {
                bronze.discard(w.bronze());
                if (!quarantineCommitted) {
                    quarantine.discard(w.quarantine());
                }
            }
            files.clear();
            quarantineCommitted = false;
        }
    }

    /**
     * Reads one file through {@link BronzeIngest#stageFile}, a chunk at a time, writing each chunk's Bronze rows and
     * quarantine records as uncommitted files (a row the lake refuses moves to the quarantine, as when landing), so
     * memory holds one chunk whatever the file's size. Records at frozen coordinates are left out.
     */
    private FileWritten stage(LandedFile file, Dataset d, LakeTable bronze, LakeTable quarantine, Set<String> frozen,
                              String runId) throws IOException {
        List<DataFile> bronzeFiles = new ArrayList<>();
        List<DataFile> quarantineFiles = new ArrayList<>();
        long[] counts = new long[3]; // rows, quarantined, left for the replay
        Run refusals = new Run(runId, Stage.BRONZE_REBUILD, clock.instant()); // names the run in moved records
        Run run;
        try {
            run = ingest.stageFile(file, runId, staged -> {
                counts[2] += staged.dropAt(frozen);
                for (int moved = 0; ; moved++) {
                    try {
                        bronzeFiles.addAll(bronze.writeUncommitted(staged.bronze));
                        break;
                    } catch (RowRejectedException e) {
                        if (moved >= staged.size() || !BronzeCommit.moveRejected(staged, e, clock, refusals)) {
                            throw e;
                        }
                    }
                }
                quarantineFiles.addAll(quarantine.writeUncommitted(staged.quarantineRows()));
                counts[0] += staged.bronze.size();
                counts[1] += staged.quarantine.size();
            });
        } catch (IOException | RuntimeException e) {
            bronze.discard(bronzeFiles);
            quarantine.discard(quarantineFiles);
            throw e;
        }
        if (run.status() == RunStatus.REJECTED || run.status() == RunStatus.FAILED) {
            bronze.discard(bronzeFiles);
            quarantine.discard(quarantineFiles);
            throw new LakeException(d.bronzePath() + ": " + file.path() + " is unusable now (" + run.message()
                    + "); its rows would be lost, so nothing was rebuilt: fix the code or the file, then run it"
                    + " again");
        }
        return new FileWritten(bronzeFiles, quarantineFiles, counts[0], counts[1], counts[2]);
    }

    /** What one overwrite did: rows of the rebuilt files it removed, rows of other inputs it wrote again. */
    private record Replacement(CommitResult result, long replaced, long carried, int removed) {
    }

    private interface RowTest {
        boolean rebuilt(Object[] row);
    }

    /**
     * Overwrites the files of {@code state} holding a row that {@code rebuilt} selects (by the {@code keys} columns,
     * which alone are read to decide) with {@code add} (written beforehand) and the other rows of those files (read
     * whole and written here, one removed file at a time). Newer appends of other inputs are kept (tried again on
     * the new version); any other rival throws {@link CommitConflictException} for the caller to plan again.
     */
    private Replacement replace(LakeTable table, LakeTable.TableState state, List<String> keys, RowTest rebuilt,
                                List<DataFile> add, Txn txn, String what, boolean bronzeSide, Written written) {
        List<DataFile> remove = new ArrayList<>();
        List<DataFile> carriedFiles = new ArrayList<>();
        written.carried.add(() -> table.discard(carriedFiles));
        long replaced = 0;
        long carried = 0;
        int[] projected = new int[keys.size()];
        TableSchema schema = table.schema();
        for (int i = 0; i < keys.size(); i++) {
            projected[i] = schema.position(keys.get(i));
        }
        for (DataFile f : state.files()) {
            long[] count = new long[2]; // rebuilt, other
            table.scan(List.of(f), keys, row -> count[rebuilt.rebuilt(row) ? 0 : 1]++);
            if (count[0] == 0) {
                continue;
            }
            remove.add(f);
            replaced += count[0];
            if (count[1] > 0) { // rows of other inputs in the same file: read whole and written again
                List<Object[]> others = new ArrayList<>();
                Object[] key = new Object[keys.size()];
                table.scan(List.of(f), row -> {
                    for (int i = 0; i < projected.length; i++) {
                        key[i] = row[projected[i]];
                    }
                    if (!rebuilt.rebuilt(key)) {
                        others.add(row);
                    }
                });
                carriedFiles.addAll(table.writeUncommitted(others));
                carried += others.size();
            }
        }
        List<DataFile> all = new ArrayList<>(add.size() + carriedFiles.size());
        all.addAll(carriedFiles);
        all.addAll(add);
        long readVersion = state.version();
        for (int tries = 0; ; tries++) {
            try {
                CommitResult r = table.overwriteFiles(readVersion, remove, all, List.of(txn), "WRITE");
                return new Replacement(r, replaced, carried, remove.size());
            } catch (CommitConflictException e) {
                LakeTable.TableState now = table.current();
                if (tries >= 100 || !onlyOtherAppends(table, readVersion, now, remove, bronzeSide, what)) {
                    throw e;
                }
                readVersion = now.version();
            }
        }
    }

    /**
     * Whether every commit after {@code readVersion} only appended rows of other inputs (a new file, an Event Hub
     * batch), leaving every file to replace in place. A quarantine replay into Bronze meanwhile fails the rebuild:
     * the two must not run on one dataset at once.
     */
    private static boolean onlyOtherAppends(LakeTable table, long readVersion, LakeTable.TableState now,
                                            List<DataFile> replaced, boolean bronzeSide, String what) {
        if (!now.holdsAll(replaced)) {
            return false;
        }
        for (LakeTable.Commit c : table.commitsBetween(readVersion, now.version())) {
            if (!c.inputAppend()) {
                return false;
            }
            for (Txn t : c.txns()) {
                if (t.appId().startsWith(APP_ID_PREFIX)) {
                    return false;
                }
                if (bronzeSide && t.appId().startsWith(Quarantine.APP_ID_PREFIX)) {
                    throw new LakeException("a quarantine replay landed records in " + table.location() + " during"
                            + " its rebuild (the " + what + " side was done); run the rebuild again when no replay"
                            + " of this dataset runs");
                }
            }
        }
        return true;
    }

    /**
     * Source coordinates ({@code source + "\n" + offset}) of the dataset's quarantined records at these sources that
     * a replay landed (Bronze records the record's txn, or a resolution row names it).
     */
    private Set<String> replayed(Dataset d, Set<String> sources) {
        Set<String> out = new HashSet<>();
        List<QuarantineRecord> records = new ArrayList<>();
        LakeTable q = lake.table(SystemTables.QUARANTINE);
        if (q.exists()) {
            q.scan(q.files(), row -> {
                QuarantineRecord r = QuarantineRecord.fromRow(row);
                if (r.dataset().equals(d.folder()) && sources.contains(r.source())) {
                    records.add(r);
                }
            });
        }
        Set<String> resolved = Quarantine.resolvedIds(lake, records);
        for (QuarantineRecord r : records) {
            if (resolved.contains(r.id())) {
                out.add(r.source() + "\n" + r.sourceOffset());
            }
        }
        for (QuarantineResolution r : Quarantine.resolutions(lake).values()) {
            if (d.folder().equals(r.dataset()) && sources.contains(r.source())) {
                out.add(r.source() + "\n" + r.sourceOffset());
            }
        }
        return out;
    }

    /**
     * Which landed files are missing, as far as the rows tell (a file's rows name its path): paths found nowhere, and
     * paths found only with other content (a later upload under the same name).
     */
    private String missingMessage(Dataset d, LakeTable bronze, LakeTable.TableState b, Map<String, Found> found,
                                  int missing) {
        Map<String, Set<String>> foundByPath = new HashMap<>();
        found.forEach((appId, f) -> foundByPath.computeIfAbsent("landing/" + f.file().path(), k -> new HashSet<>())
                .add(appId));
        Set<String> absent = new TreeSet<>();
        Set<String> changed = new TreeSet<>();
        int sourceAt = bronze.schema().position("_source");
        bronze.scan(b.files(), r -> {
            String s = (String) r[sourceAt];
            if (s == null || !s.startsWith("landing/")) {
                return;
            }
            Set<String> versions = foundByPath.get(s);
            if (versions == null) {
                absent.add(s.substring("landing/".length()));
            } else if (versions.stream().noneMatch(b.txns()::containsKey)) {
                changed.add(s.substring("landing/".length()));
            }
        });
        List<String> named = new ArrayList<>();
        if (!absent.isEmpty()) {
            named.add("not found: " + few(absent));
        }
        if (!changed.isEmpty()) {
            named.add("found only with other content: " + few(changed));
        }
        if (named.isEmpty()) {
            named.add("an earlier upload of a file was overwritten");
        }
        return d.bronzePath() + " cannot be rebuilt: " + missing + " of its landed files are in neither "
                + describe() + " nor " + (landings.size() > 1 ? "their archives" : "its archive") + " ("
                + String.join("; ", named) + "); put them back (or name every landing they came from), or leave this"
                + " table as it is";
    }

    private static String few(Set<String> paths) {
        return String.join(", ", paths.stream().limit(3).toList())
                + (paths.size() > 3 ? " and " + (paths.size() - 3) + " more" : "");
    }
}
