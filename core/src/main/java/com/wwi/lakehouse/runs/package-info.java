/**
 * Runs and the pipeline's own tables: what one run of a step did ({@link com.wwi.lakehouse.runs.Run} while it goes
 * on, the immutable {@link com.wwi.lakehouse.runs.RunResult} it ends as, with its
 * {@link com.wwi.lakehouse.runs.RunStatus}), the event log those results are appended to, and the system tables
 * (event log, quarantine). Every stage imports this package; it imports only the lake layer.
 */
package com.wwi.lakehouse.runs;
