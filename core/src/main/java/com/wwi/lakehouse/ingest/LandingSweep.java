package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.runs.Run;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Lands whatever is still in the landing store: files whose blob event was lost or whose trigger run was given
 * up, and files too large for the trigger to hand over in memory. Reads stream through the store's SDK; the
 * content hash makes this safe to run beside the trigger (a file landed by both lands once).
 */
public final class LandingSweep {
    private final BronzeIngest ingest;
    private final LandingStore store;
    private final LandingStore.AfterIngest after;

    public LandingSweep(BronzeIngest ingest, LandingStore store, LandingStore.AfterIngest after) {
        this.ingest = ingest;
        this.store = store;
        this.after = after;
    }

    /** Lands every file under the store, moving each away afterwards when the policy says so. */
    public List<RunResult> run(Consumer<RunResult> onEach) throws IOException {
        List<RunResult> out = new ArrayList<>();
        for (String path : store.list("")) {
            RunResult r = landOne(path);
            out.add(r);
            onEach.accept(r);
        }
        return out;
    }

    /** Lands one file and applies the after-ingest policy; never throws for a bad file. */
    public RunResult landOne(String path) {
        RunResult r;
        String problem = LandingPaths.problem(path);
        try {
            r = ingest.ingestFile(problem == null ? store.file(path)
                    : new LandedFile(path, "unread", 0, () -> InputStream.nullInputStream()));
        } catch (IOException e) {
            // not recorded in the event log: the file could not even be opened; the sweep's caller logs it
            r = new Run(UUID.randomUUID().toString(), Stage.BRONZE_FILE, Instant.now())
                    .source("landing/" + path).failed(e.getMessage()).result(0);
            return r;
        }
        return settle(store, after, path, r);
    }

    /**
     * Moves a file away after its run: archive when landed (or landed before), rejected when unusable. Returns the
     * run's result, with a note when the file could not be moved.
     */
    public static RunResult settle(LandingStore store, LandingStore.AfterIngest after, String path, RunResult r) {
        if (store == null || after != LandingStore.AfterIngest.ARCHIVE || r.status() == RunStatus.FAILED) {
            return r;
        }
        try {
            store.moveAway(path, r.status() == RunStatus.REJECTED, r.message());
            return r;
        } catch (IOException | RuntimeException e) {
            // the data is committed; the file stays and its next delivery is recognised as a duplicate
            return r.withMessage((r.message() == null ? "" : r.message() + "; ") + "not moved: " + e.getMessage());
        }
    }

}
