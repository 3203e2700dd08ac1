package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.wwi.lakehouse.ingest.LandedFile;
import com.wwi.lakehouse.pipeline.RunRecord;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Lands a file written to {@code landing/<dataset>/<name>} in its Bronze table. Event Grid delivers the blob
 * event (Flex Consumption); the file's identity for exactly-once is its path plus a SHA-256 of its content.
 */
public class LandingBlobFunction {

    @FunctionName("LandingBlob")
    public void run(
            @BlobTrigger(name = "content", path = "landing/{dataset}/{name}", dataType = "binary",
                    source = "EventGrid", connection = "LandingStorage") byte[] content,
            @BindingName("dataset") String dataset,
            @BindingName("name") String name,
            final ExecutionContext context) {
        RunRecord run = land(dataset + "/" + name, content);
        Logs.log(context, run);
        if (run.status.equals("failed")) {
            // infrastructure or FAIL-expectation failure: let the host retry (and finally poison-queue) the event
            throw new IllegalStateException(run.message);
        }
    }

    /** The use case behind the trigger; the local runner calls it too. */
    public static RunRecord land(String path, byte[] content) {
        LandedFile file = new LandedFile(path, "sha256:" + sha256(content), content.length,
                () -> new ByteArrayInputStream(content));
        return PipelineHolder.get().bronze().ingestFile(file);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
