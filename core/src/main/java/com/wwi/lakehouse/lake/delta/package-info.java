/**
 * The lake layer on Delta Standalone 3.3 and parquet-hadoop: {@link com.wwi.lakehouse.lake.delta.DeltaLake}
 * opens tables, {@link com.wwi.lakehouse.lake.delta.DeltaTable} commits and reads them, and the Parquet classes
 * write data files with full Delta statistics and read them back. Only this package names Delta Standalone
 * types; Delta Kernel can replace it behind {@link com.wwi.lakehouse.lake.LakeTable}.
 */
package com.wwi.lakehouse.lake.delta;
