/**
 * The pipeline as data: {@link com.wwi.lakehouse.graph.PipelineGraph} holds every landing dataset and every table
 * ({@link com.wwi.lakehouse.graph.TableNode}: layer, schema, partitioning, inputs, how it follows them, the step
 * that owns it), validated when built (names unique, inputs declared, no cycles). The lab's graph is declared in
 * {@code pipeline.LabGraph}; the steps, verify, maintenance and the CLI read it. Imports only the lake layer and
 * the datasets.
 */
package com.wwi.lakehouse.graph;
