/**
 * What {@code ./lakehouse ui} shows, read from a lake without writing to it: {@link PipelineView} gathers the declared
 * graph's nodes and edges, each table's state and freshness, data quality, the quarantine, recent runs and the Gold
 * report into one JSON document; {@link Page} embeds it in one self-contained HTML page (no request to any host).
 */
package com.wwi.lakehouse.view;
