/**
 * Gold: the lab's analytics tables as pure computations with Spark's semantics ({@link
 * com.wwi.lakehouse.gold.SparkSemantics}: epoch-aligned tumbling windows, {@code round} HALF_UP on the decimal
 * text, float sums as doubles, {@code percent_rank} with ties), and their upkeep: {@link
 * com.wwi.lakehouse.gold.GoldRefresh} appends, MERGEs or recomputes each table from what its inputs added, and
 * {@link com.wwi.lakehouse.gold.GoldVerify} checks every table against its from-scratch computation.
 */
package com.wwi.lakehouse.gold;
