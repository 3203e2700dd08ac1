/**
 * The lab's datasets as values: where each lands ({@code landing/<folder>/}), its format, its Bronze table and
 * schema, its expectations, and how a raw text value becomes a typed one (Spark's CSV/JSON semantics, see
 * {@link com.wwi.lakehouse.datasets.Coerce}). Pure functions, no I/O.
 */
package com.wwi.lakehouse.datasets;
