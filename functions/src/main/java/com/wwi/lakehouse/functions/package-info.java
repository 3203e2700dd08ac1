/**
 * Azure Functions adapters, kept thin: each turns binding data into a core input, calls one use case of
 * {@link com.wwi.lakehouse.pipeline.Pipeline}, logs the run and rethrows infrastructure failures so the host
 * retries. Function classes hold no state; the pipeline lives in {@link com.wwi.lakehouse.functions.PipelineHolder}.
 */
package com.wwi.lakehouse.functions;
