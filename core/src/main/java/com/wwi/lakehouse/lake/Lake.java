package com.wwi.lakehouse.lake;

import java.util.List;

/**
 * A lake: a root location under which tables live at relative paths such as {@code bronze/campaign_data}.
 * Obtain one from {@code com.wwi.lakehouse.lake.delta.DeltaLake#open}.
 */
public interface Lake {

    /** The root URI, e.g. {@code file:/data/lake} or {@code abfss://lake@acct.dfs.core.windows.net/wwi}. */
    String root();

    /** A handle on the table at a path relative to the root; the table need not exist yet. */
    LakeTable table(String relativePath);

    /** Relative paths of the tables that exist under the root (any depth up to 2 folders). */
    List<String> listTables();

    /**
     * Proves the root reachable and writable by the configured identity, leaving nothing behind: writes a small
     * hidden file ({@code _lakehouse-probe-<random>}) under the root, or under the nearest folder above it that exists
     * when the root does not yet, reads it back, deletes it and checks it is gone. Returns the folder it wrote in.
     *
     * @throws LakeException naming the step that failed and the storage's reason
     */
    String probeWrite();
}
