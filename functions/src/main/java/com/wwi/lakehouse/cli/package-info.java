/**
 * The local runner behind {@code ./lakehouse}: generates sample data, lands it through the same function
 * classes Azure runs (blob trigger for files, Event Hub trigger for tweets, replayed as batches from several
 * simulated partitions), and reports table status. Errors are one line and a non-zero exit code.
 */
package com.wwi.lakehouse.cli;
