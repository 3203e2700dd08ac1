package com.wwi.lakehouse.landing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.Azurite;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The landing stores: the Blob one against a real Azurite, the local one on a folder. */
class LandingStoreTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    static Azurite azurite;
    static BlobServiceClient service;

    @TempDir
    Path dir;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = Azurite.shared();
        service = azurite.client();
    }

    static final String SALES = "Quantity,Advert,Price,Brand\n1,0,2.5,tropicana\n2,1,3.5,dominicks\n";

    @Test
    void blobStoreStreamsListsAndMovesAgainstAzurite() throws Exception {
        BlobContainerClient landing = service.getBlobContainerClient("landing");
        landing.createIfNotExists();
        byte[] big = new byte[5 * 1024 * 1024 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        landing.getBlobClient("sales/a.csv").upload(new ByteArrayInputStream(SALES.getBytes(StandardCharsets.UTF_8)), SALES.length(), true);
        landing.getBlobClient("tweets/big.json").upload(new ByteArrayInputStream(big), big.length, true);
        BlobLandingStore store = new BlobLandingStore(service, "landing");
        assertEquals(List.of("sales/a.csv", "tweets/big.json"), store.list(""));
        assertEquals(List.of("sales/a.csv"), store.list("sales/"));

        LandedFile f = store.file("tweets/big.json");
        assertEquals(big.length, f.size());
        assertFalse(f.etag().isBlank());
        try (InputStream in = f.opener().open()) {
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (chunk[i] != big[(int) (total + i)]) {
                        throw new AssertionError("byte " + (total + i) + " differs");
                    }
                }
                total += n;
            }
            assertEquals(big.length, total, "streamed whole, in chunks");
        }
        // a new upload under the same name is a new ETag: new data, not a duplicate
        String etag = f.etag();
        landing.getBlobClient("tweets/big.json").upload(new ByteArrayInputStream(new byte[]{'x'}), 1, true);
        assertNotEquals(etag, store.file("tweets/big.json").etag());

        assertEquals(List.of(), new BlobLandingStore(service, "never-created").list(""),
                "a container that does not exist (an archive nothing was moved to yet) lists nothing");
        String salesHash = store.file("sales/a.csv").etag();
        store.moveAway("sales/a.csv", false, null);
        store.moveAway("tweets/big.json", true, "binary file (NUL bytes) — expected JSON lines");
        assertEquals(List.of(), store.list(""));
        assertEquals(List.of("sales/a.csv"), store.archive().list("sales/"), "the archive, read as a store");
        assertEquals(salesHash, store.archive().file("sales/a.csv").etag(), "moved, the same content identity");
        assertTrue(service.getBlobContainerClient("archive").getBlobClient("sales/a.csv").exists());
        var rejected = service.getBlobContainerClient("rejected").getBlobClient("tweets/big.json");
        assertEquals("binary file (NUL bytes) ? expected JSON lines", rejected.getProperties().getMetadata().get("rejectreason"));
        store.moveAway("sales/a.csv", false, null); // already moved by another instance: not an error
        assertThrows(IOException.class, () -> store.file("sales/missing.csv"));
    }

    @Test
    void filesLandFromAzuriteThroughTheStoreExactlyOnce() throws Exception {
        BlobContainerClient landing = service.getBlobContainerClient("landing2");
        landing.createIfNotExists();
        landing.getBlobClient("sales/s.csv").upload(new ByteArrayInputStream(SALES.getBytes(StandardCharsets.UTF_8)), SALES.length(), true);
        BlobLandingStore store = new BlobLandingStore(service, "landing2");
        Pipeline pipeline = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        RunResult r = pipeline.bronze().ingestFile(store.file("sales/s.csv"));
        assertEquals(RunStatus.COMMITTED, r.status());
        assertEquals(RunStatus.SKIPPED, pipeline.bronze().ingestFile(store.file("sales/s.csv")).status(), "same ETag");
        assertEquals(2, pipeline.lake().table(Dataset.SALES.bronzePath()).readAll().size());
    }

    @Test
    void localStoreHashesContentAndMovesToSiblings() throws Exception {
        Path landing = dir.resolve("landing");
        Files.createDirectories(landing.resolve("sales"));
        Files.writeString(landing.resolve("sales/a.csv"), SALES);
        LocalLandingStore store = new LocalLandingStore(landing);
        assertEquals(List.of("sales/a.csv"), store.list(""));
        LandedFile f = store.file("sales/a.csv");
        assertTrue(f.etag().startsWith("sha256:"));
        assertEquals(f.etag(), store.file("sales/a.csv").etag());
        Files.writeString(landing.resolve("sales/b.csv"), SALES);
        assertEquals(List.of(), store.archive().list(""), "no archive folder yet");
        store.moveAway("sales/b.csv", false, null);
        assertEquals(List.of("sales/b.csv"), store.archive().list("sales/"));
        assertEquals(f.etag(), store.archive().file("sales/b.csv").etag(), "the same bytes, the same identity");
        store.moveAway("sales/a.csv", true, "header has 3 columns");
        assertTrue(Files.exists(dir.resolve("rejected/sales/a.csv")));
        assertEquals("header has 3 columns\n", Files.readString(dir.resolve("rejected/sales/a.csv.reason.txt")));
        assertThrows(IllegalArgumentException.class, () -> store.file("../escape.csv"));
    }
}
