/**
 * Sample data for the five landing formats of the Wide World Importers lab (tweets as JSON lines,
 * campaigns, customer churn, store transactions and sales after campaign): a deterministic, streaming,
 * scalable generator ({@link com.wwi.lakehouse.sample.SampleDataGenerator}) that writes the files the
 * lab's Bronze layer receives, in the lab's folder and file names.
 *
 * <p>This package owns the sample data's shapes, value distributions and file layout, and nothing else:
 * it reads no lake and knows no pipeline. Each dataset is a {@link com.wwi.lakehouse.sample.SampleDataset}
 * whose {@link com.wwi.lakehouse.sample.LineSource} produces one valid record line at a time, so that
 * other code (for instance a bad-record injector) can reuse the line writers. Output depends only on
 * {@code (scale, seed)}: the same pair gives byte-identical files.
 */
package com.wwi.lakehouse.sample;
