package com.wwi.lakehouse.functions;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.landing.LandingStores;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.testing.Azurite;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blob function and the landing sweep against a real Azurite: land, archive, reject, sweep. */
class LandingAzuriteTest {
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

    static void upload(BlobContainerClient c, String path, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        c.getBlobClient(path).upload(new ByteArrayInputStream(b), b.length, true);
    }

    static byte[] download(BlobContainerClient c, String path) {
        return c.getBlobClient(path).downloadContent().toBytes();
    }

    @Test
    void blobTriggerLandsThenArchivesOrRejectsAndTheSweepLandsLeftovers() {
        BlobContainerClient landing = service.getBlobContainerClient("landing");
        landing.createIfNotExists();
        String sales = "Quantity,Advert,Price,Brand\n1,0,2.5,tropicana\n";
        upload(landing, "sales/good.csv", sales);
        upload(landing, "sales/bad-header.csv", "Quantity,Brand\n1,x\n");
        upload(landing, "churn/leftover.csv", "CustomerID,Gender,SeniorCitizen,Partner,Dependents,tenure(month),"
                + "Discount,OutletSize,OnlineDelivery,OrderStatus,CustomerSupport,Brand,StoreContract,PaperlessBilling,"
                + "PaymentMethod,UnitPrice,TotalAmount,Churn\n7590-VHVEG,Female,0,Yes,No,1,No,Big,No,Shipped,No,Local,"
                + "Month-to-month,Yes,Electronic check,30,30,No\n");

        Pipeline pipeline = pipelines.open(Settings.local(dir.resolve("lake").toString()));
        LandingStore store = LandingStores.fromSettings(Map.of("LandingStorage", azurite.connectionString()));
        PipelineHolder.use(pipeline, store, LandingStore.AfterIngest.ARCHIVE);

        LandingBlobFunction f = new LandingBlobFunction();
        byte[] good = download(landing, "sales/good.csv");
        f.run(good, "sales", "good.csv", new TestContext("LandingBlob"));
        f.run(download(landing, "sales/bad-header.csv"), "sales", "bad-header.csv", new TestContext("LandingBlob"));
        assertFalse(landing.getBlobClient("sales/good.csv").exists(), "moved away");
        assertTrue(service.getBlobContainerClient("archive").getBlobClient("sales/good.csv").exists());
        var rejected = service.getBlobContainerClient("rejected").getBlobClient("sales/bad-header.csv");
        assertTrue(rejected.getProperties().getMetadata().get("rejectreason").contains("header has 2 columns"));

        // Event Grid redelivers the event after the move: the host still has the bytes; nothing lands twice
        f.run(good, "sales", "good.csv", new TestContext("LandingBlob"));
        assertEquals(1, pipeline.lake().table(Dataset.SALES.bronzePath()).readAll().size());

        // the churn file's event was lost: the sweep finds it, streams it through the SDK and archives it
        new LandingSweepFunction().run("{}", new TestContext("LandingSweep"));
        assertEquals(1, pipeline.lake().table(Dataset.CHURN.bronzePath()).readAll().size());
        assertEquals(List.of(), landing.listBlobs().stream().map(b -> b.getName()).toList());
        assertTrue(service.getBlobContainerClient("archive").getBlobClient("churn/leftover.csv").exists());
    }
}
