package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit finds a record landed twice, and tells files of one name with other content from a re-landing. */
class LakeAuditTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    @Test
    void aRecordLandedTwiceIsFoundAndOtherContentUnderTheSameNameIsNot() {
        Pipeline p = pipelines.open(dir.toString());
        byte[] a = "Quantity,Advert,Price,Brand\n1,1,2.5,a\n2,1,2.5,b\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "Quantity,Advert,Price,Brand\n3,1,2.5,c\n4,1,2.5,d\n".getBytes(StandardCharsets.UTF_8);
        p.bronze().ingestFile(new LandedFile("sales/s.csv", "e1", a.length, () -> new ByteArrayInputStream(a)));
        p.bronze().ingestFile(new LandedFile("sales/s.csv", "e2", b.length, () -> new ByteArrayInputStream(b)));
        byte[] t = "{\"tweet\":\"#gogreen now\",\"city\":\"Oslo\"}".getBytes(StandardCharsets.UTF_8);
        p.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0",
                List.of(new EventBatch.Event(t, 0, "0", null), new EventBatch.Event(t, 1, "1", null))));
        LakeAudit.Result clean = LakeAudit.audit(p.lake());
        assertEquals(0, clean.duplicates(), clean.problems().toString());
        assertEquals(4, clean.datasets().get(Dataset.SALES).bronze());

        LakeTable sales = p.lake().table(Dataset.SALES.bronzePath());
        sales.append(List.<Object[]>of(sales.readAll().get(0)), List.of()); // the same record once more
        LakeTable tweets = p.lake().table(Dataset.TWEETS.bronzePath());
        tweets.append(List.<Object[]>of(tweets.readAll().get(0)), List.of());
        LakeAudit.Result twice = LakeAudit.audit(p.lake());
        assertEquals(1, twice.datasets().get(Dataset.SALES).duplicates());
        assertEquals(1, twice.datasets().get(Dataset.TWEETS).duplicates());
        assertTrue(twice.problems().contains("sales: 1 rows landed twice"), twice.problems().toString());
    }
}
