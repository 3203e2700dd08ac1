/**
 * Gold: the lab's analytics tables as pure computations with Spark's semantics ({@link
 * com.wwi.lakehouse.gold.SparkSemantics}: epoch-aligned tumbling windows, {@code round} HALF_UP on the decimal
 * text, float sums as doubles, {@code percent_rank} with ties). These from-scratch computations are what the
 * incremental MERGE of issue 5 is verified against.
 */
package com.wwi.lakehouse.gold;
