package com.wwi.lakehouse.sample;

/**
 * An endless, deterministic source of valid record lines for one dataset. Each call returns the next
 * record as one line of text <em>without</em> its line terminator (see {@link SampleDataset#lineSeparator()}).
 * Not thread-safe.
 */
public interface LineSource {

    /** The next record, as one line without a line terminator. */
    String nextLine();
}
