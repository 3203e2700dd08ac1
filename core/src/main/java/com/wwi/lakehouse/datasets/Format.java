package com.wwi.lakehouse.datasets;

/** How a landed file of a dataset is laid out. */
public enum Format {
    /** One JSON object per line (a landed file) or per event (Event Hub). */
    JSON_LINES,
    /** CSV with a header row; columns are applied by position, as the lab's schemas are. */
    CSV_WITH_HEADER,
    /** CSV without a header (every field quoted in the lab's export). */
    CSV_NO_HEADER
}
