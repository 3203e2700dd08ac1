package com.wwi.lakehouse.landing;

import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.wwi.lakehouse.landing.LandedFile;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The landing container through the Blob API (any storage account; Azurite serves it in tests). Files stream
 * with {@code openInputStream}, pinned to the ETag they had when listed; a file's identity is its content hash
 * ({@link ContentHash}, one streaming pass), the same one the blob trigger computes. A move is a server-side copy to the {@code archive} or {@code rejected}
 * container followed by a delete of the source (the Blob API has no rename; {@link AdlsLandingStore} renames
 * atomically on a hierarchical-namespace account).
 */
public final class BlobLandingStore implements LandingStore {
    private final BlobServiceClient service;
    private final BlobContainerClient landing;
    private final BlobContainerClient archive;
    private final BlobContainerClient rejected;

    public BlobLandingStore(BlobServiceClient service, String landingContainer) {
        this.service = service;
        this.landing = service.getBlobContainerClient(landingContainer);
        this.archive = service.getBlobContainerClient("archive");
        this.rejected = service.getBlobContainerClient("rejected");
    }

    @Override
    public String describe() {
        return landing.getBlobContainerUrl();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            List<String> out = new ArrayList<>();
            for (BlobItem b : landing.listBlobs(new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : prefix), null)) {
                if (b.isPrefix() == null || !b.isPrefix()) {
                    out.add(b.getName());
                }
            }
            out.sort(String::compareTo);
            return out;
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.CONTAINER_NOT_FOUND) {
                return List.of(); // nothing was ever moved to an archive that does not exist yet
            }
            throw new IOException("cannot list " + describe() + ": " + e.getErrorCode(), e);
        }
    }

    @Override
    public LandedFile file(String path) throws IOException {
        BlobClient blob = landing.getBlobClient(path);
        try {
            BlobProperties props = blob.getProperties();
            String etag = props.getETag();
            LandedFile.Opener opener = () -> {
                try {
                    // pinned to the ETag read above: a blob overwritten meanwhile fails instead of mixing versions
                    return blob.openInputStream(new BlobInputStreamOptions()
                            .setRequestConditions(new BlobRequestConditions().setIfMatch(etag)));
                } catch (BlobStorageException e) {
                    throw new IOException("cannot read " + path + ": " + e.getErrorCode(), e);
                }
            };
            return new LandedFile(path, ContentHash.of(opener.open()), props.getBlobSize(), opener);
        } catch (BlobStorageException e) {
            throw new IOException("cannot read " + path + " in " + describe() + ": " + e.getErrorCode(), e);
        }
    }

    @Override
    public LandingStore archive() {
        return new BlobLandingStore(service, archive.getBlobContainerName());
    }

    @Override
    public void moveAway(String path, boolean isRejected, String reason) throws IOException {
        BlobContainerClient target = isRejected ? rejected : archive;
        BlobClient source = landing.getBlobClient(path);
        try {
            if (!target.exists()) {
                target.createIfNotExists();
            }
            BlobClient dest = target.getBlobClient(path);
            SyncPoller<BlobCopyInfo, Void> poller = dest.beginCopy(source.getBlobUrl(), Duration.ofMillis(200));
            poller.waitForCompletion(Duration.ofMinutes(10));
            if (isRejected && reason != null) {
                Map<String, String> meta = new HashMap<>(dest.getProperties().getMetadata());
                meta.put("rejectreason", ascii(reason));
                dest.setMetadata(meta);
            }
            source.delete();
        } catch (BlobStorageException e) {
            if (e.getErrorCode() == BlobErrorCode.BLOB_NOT_FOUND && !source.exists()) {
                return; // another instance moved it already
            }
            throw new IOException("cannot move " + path + " to " + target.getBlobContainerName() + ": " + e.getErrorCode(), e);
        }
    }

    /** Blob metadata values must be ASCII. */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return sb.length() > 1024 ? sb.substring(0, 1024) : sb.toString();
    }
}
