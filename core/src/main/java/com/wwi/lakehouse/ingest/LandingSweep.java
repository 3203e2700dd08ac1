package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.pipeline.RunRecord;
import com.wwi.lakehouse.storage.LandingStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    public List<RunRecord> run(Consumer<RunRecord> onEach) throws IOException {
        List<RunRecord> out = new ArrayList<>();
        for (String path : store.list("")) {
            RunRecord r = landOne(path);
            out.add(r);
            onEach.accept(r);
        }
        return out;
    }

    /** Lands one file and applies the after-ingest policy; never throws for a bad file. */
    public RunRecord landOne(String path) {
        RunRecord r;
        String problem = LandingPaths.problem(path);
        try {
            r = ingest.ingestFile(problem == null ? store.file(path)
                    : new LandedFile(path, "unread", 0, () -> java.io.InputStream.nullInputStream()));
        } catch (IOException e) {
            r = new RunRecord(java.util.UUID.randomUUID().toString(), "bronze-file", java.time.Instant.now());
            r.source = "landing/" + path;
            r.status = "failed";
            r.message = e.getMessage();
            return r;
        }
        settle(store, after, path, r);
        return r;
    }

    /** Moves a file away after its run: archive when landed (or landed before), rejected when unusable. */
    public static void settle(LandingStore store, LandingStore.AfterIngest after, String path, RunRecord r) {
        if (store == null || after != LandingStore.AfterIngest.ARCHIVE || r.status.equals("failed")) {
            return;
        }
        try {
            store.moveAway(path, r.status.equals("rejected"), r.message);
        } catch (IOException | RuntimeException e) {
            // the data is committed; the file stays and its next delivery is recognised as a duplicate
            r.message = (r.message == null ? "" : r.message + "; ") + "not moved: " + e.getMessage();
        }
    }

}
