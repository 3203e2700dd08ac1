/**
 * The pipeline as one object ({@link com.wwi.lakehouse.pipeline.Pipeline}): the lake, the system tables (event
 * log, quarantine) and the stages, created from settings. Function adapters and the local runner call it;
 * it knows no Azure Functions types.
 */
package com.wwi.lakehouse.pipeline;
