package com.wwi.lakehouse.landing;

import com.azure.storage.file.datalake.DataLakeDirectoryClient;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClient;
import com.azure.storage.file.datalake.models.DataLakeRequestConditions;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import com.azure.storage.file.datalake.models.PathProperties;
import com.azure.storage.file.datalake.options.DataLakeFileInputStreamOptions;
import com.wwi.lakehouse.landing.LandedFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The landing file system through the Data Lake (DFS) API of an ADLS Gen2 account: streaming reads pinned to
 * the ETag, identity by content hash ({@link ContentHash}), and an atomic server-side rename to the {@code archive} or {@code rejected} file system. Azurite does
 * not serve this API; the Blob variant of the same interface is tested against it.
 */
public final class AdlsLandingStore implements LandingStore {
    private final DataLakeServiceClient service;
    private final DataLakeFileSystemClient landing;

    public AdlsLandingStore(DataLakeServiceClient service, String landingFileSystem) {
        this.service = service;
        this.landing = service.getFileSystemClient(landingFileSystem);
    }

    @Override
    public String describe() {
        return landing.getFileSystemUrl();
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try {
            List<String> out = new ArrayList<>();
            ListPathsOptions options = new ListPathsOptions().setRecursive(true);
            if (!prefix.isEmpty()) {
                options.setPath(prefix);
            }
            for (PathItem p : landing.listPaths(options, null)) {
                if (!p.isDirectory()) {
                    out.add(p.getName());
                }
            }
            out.sort(String::compareTo);
            return out;
        } catch (DataLakeStorageException e) {
            if (e.getStatusCode() == 404) {
                return List.of(); // no such file system or folder (an archive nothing was moved to yet)
            }
            throw new IOException("cannot list " + describe() + ": " + e.getErrorCode(), e);
        }
    }

    @Override
    public LandedFile file(String path) throws IOException {
        DataLakeFileClient f = landing.getFileClient(path);
        try {
            PathProperties props = f.getProperties();
            String etag = props.getETag();
            LandedFile.Opener opener = () -> f.openInputStream(new DataLakeFileInputStreamOptions()
                    .setRequestConditions(new DataLakeRequestConditions().setIfMatch(etag))).getInputStream();
            return new LandedFile(path, ContentHash.of(opener.open()), props.getFileSize(), opener);
        } catch (DataLakeStorageException e) {
            throw new IOException("cannot read " + path + " in " + describe() + ": " + e.getErrorCode(), e);
        }
    }

    @Override
    public LandingStore archive() {
        return new AdlsLandingStore(service, "archive");
    }

    @Override
    public void moveAway(String path, boolean isRejected, String reason) throws IOException {
        String target = isRejected ? "rejected" : "archive";
        DataLakeFileClient f = landing.getFileClient(path);
        try {
            DataLakeFileSystemClient fs = service.getFileSystemClient(target);
            if (!fs.exists()) {
                fs.createIfNotExists();
            }
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                DataLakeDirectoryClient dir = fs.getDirectoryClient(path.substring(0, slash));
                dir.createIfNotExists();
            }
            DataLakeFileClient moved = f.rename(target, path);
            if (isRejected && reason != null) {
                Map<String, String> meta = new HashMap<>(moved.getProperties().getMetadata());
                meta.put("rejectreason", BlobLandingStore.ascii(reason));
                moved.setMetadata(meta);
            }
        } catch (DataLakeStorageException e) {
            if (e.getStatusCode() == 404 && !f.exists()) {
                return; // another instance moved it already
            }
            throw new IOException("cannot move " + path + " to " + target + ": " + e.getErrorCode(), e);
        }
    }
}
