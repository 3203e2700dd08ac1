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
}
