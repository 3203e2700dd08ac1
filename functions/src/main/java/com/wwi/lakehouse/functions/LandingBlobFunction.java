package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.ingest.LandingSweep;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.landing.ContentHash;

import java.io.ByteArrayInputStream;

/**
 * Lands a file written to {@code landing/<dataset>/<name>} in its Bronze table, then moves it to {@code archive/}
 * (or {@code rejected/} when unusable as a whole). Event Grid delivers the blob event (Flex Consumption). A file
 * is identified by its path plus the SHA-256 of its content, as the landing sweep identifies it, so a
 * redelivery or a sweep of the same bytes lands nothing twice.
 *
 * <p>The host hands the blob over in memory (up to 100 MB); the core reads it as a stream either way. Larger
 * files are landed by {@link LandingSweepFunction}, which streams them from storage through the SDK.
 */
public class LandingBlobFunction {

    @FunctionName("LandingBlob")
    public void run(
            @BlobTrigger(name = "content", path = "landing/{dataset}/{name}", dataType = "binary",
                    source = "EventGrid", connection = "LandingStorage") byte[] content,
            @BindingName("dataset") String dataset,
            @BindingName("name") String name,
            final ExecutionContext context) {
        String path = dataset + "/" + name;
        RunResult run = land(path, content);
        LandingSweep.settle(PipelineHolder.landing(), PipelineHolder.afterIngest(), path, run);
        Logs.logOrFail(context, run); // a failure: the host retries (and finally poison-queues) the event
    }

    /** The use case behind the trigger. */
    public static RunResult land(String path, byte[] content) {
        LandedFile file = new LandedFile(path, ContentHash.of(content), content.length,
                () -> new ByteArrayInputStream(content));
        return PipelineHolder.get().bronze().ingestFile(file);
    }
}
