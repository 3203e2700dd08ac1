/**
 * Benchmarks that print numbers (never timed tests): Bronze ingest of Event Hub batches against the raw speed
 * of writing the same rows to Parquet. The Spark peer runs from the interop module.
 */
package com.wwi.lakehouse.bench;
