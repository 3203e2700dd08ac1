/**
 * Table maintenance, the timer stage that keeps every Delta table of the lake healthy:
 * {@link com.wwi.lakehouse.maintenance.TableMaintenance} finds the tables by listing the lake (Bronze, Silver,
 * Gold, {@code _system/*}) and, table by table, compacts small files ({@link
 * com.wwi.lakehouse.maintenance.Compaction}: bin-packing per partition, a rewrite with {@code dataChange=false}
 * that never changes the rows), VACUUMs data files no snapshot within the retention period references, and writes
 * a checkpoint when the log has grown past the last one. The limits and the retention are
 * {@link com.wwi.lakehouse.maintenance.MaintenanceOptions}. Each table's run is one row of the event log (stage
 * {@code maintenance}); a failure on one table never stops the others. Knows no Azure Functions types.
 */
package com.wwi.lakehouse.maintenance;
