/**
 * Bronze landing: turns landed files and Event Hub batches into Bronze rows and quarantine rows, exactly once.
 * Parsing is split in small steps (bytes to lines, lines to CSV records or JSON objects, records to typed rows,
 * expectations) so each can be tested alone; {@link com.wwi.lakehouse.ingest.BronzeIngest} runs them and commits.
 */
package com.wwi.lakehouse.ingest;
