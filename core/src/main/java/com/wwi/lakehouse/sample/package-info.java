/**
 * Sample data for the five landing formats of the Wide World Importers lab (tweets as JSON lines,
 * campaigns, customer churn, store transactions and sales after campaign): a deterministic, streaming,
 * scalable generator ({@link com.wwi.lakehouse.sample.SampleDataGenerator}) that writes the files the
 * lab's Bronze layer receives, in the lab's folder and file names.
 *
 * <p>This package owns the sample data's shapes, value distributions and file layout, and nothing else:
 * it reads no lake and knows no pipeline. Each dataset is a {@link com.wwi.lakehouse.sample.SampleDataset}
 * whose {@link com.wwi.lakehouse.sample.LineSource} produces one valid record line at a time, so that
 * other code can reuse the line writers. Output depends only on {@code (scale, seed)}: the same pair gives
 * byte-identical files. On request a share of each dataset's records is replaced by corrupted lines of the
 * {@link com.wwi.lakehouse.sample.BadRecordKind kinds} an ingestion must survive (still one line each; headers
 * untouched), counted per dataset and kind in the {@link com.wwi.lakehouse.sample.Summary}; the output then depends
 * on {@code (scale, seed, badFraction)}.
 */
package com.wwi.lakehouse.sample;
