package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.ingest.QuarantineReplay;
import com.wwi.lakehouse.ingest.QuarantineResolution;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit finds a record landed twice, tells files of one name with other content from a re-landing, and counts a
 * replayed record once (as Bronze), finding resolution rows that do not match Bronze.
 */
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

    @Test
    void aReplayedRecordCountsOnceAsBronzeAndAResolutionWithoutItsBronzeRowIsFound() {
        Pipeline p = pipelines.open(dir.toString());
        byte[] a = "Quantity,Advert,Price,Brand\n1,1,2.5,a\nmany,1,2.5,b\nmore,1,2.5,c\n".getBytes(StandardCharsets.UTF_8);
        p.bronze().ingestFile(new LandedFile("sales/s.csv", "e1", a.length, () -> new ByteArrayInputStream(a)));
        LakeAudit.DatasetCount before = LakeAudit.audit(p.lake()).datasets().get(Dataset.SALES);
        assertEquals(3, before.landed());
        assertEquals(2, before.quarantined());

        List<Quarantine.Entry> q = Quarantine.read(p.lake(), Quarantine.Filter.ALL);
        Quarantine.Entry first = q.get(0);
        p.quarantineReplay(10).replayEdited(Map.of(first.id(), new QuarantineReplay.Edit(first.id(),
                "2,1,2.5,b".getBytes(StandardCharsets.UTF_8), "2,1,2.5,b")), "f", Progress.NONE);
        LakeAudit.Result after = LakeAudit.audit(p.lake());
        LakeAudit.DatasetCount sales = after.datasets().get(Dataset.SALES);
        assertEquals(List.of(), after.problems());
        assertEquals(2, sales.bronze());
        assertEquals(1, sales.quarantined(), "the replayed record is not counted again");
        assertEquals(1, sales.resolved());
        assertEquals(3, sales.landed());

        // a resolution row for a record no Bronze table holds, and one written twice, are problems
        LakeTable resolutions = p.lake().table(SystemTables.QUARANTINE_RESOLUTIONS);
        QuarantineResolution done = QuarantineResolution.fromRow(resolutions.readAll().get(0));
        Quarantine.Entry other = q.get(1);
        resolutions.append(List.of(done.toRow(), new QuarantineResolution(other.id(), "sales", other.record().source(),
                other.record().sourceOffset(), QuarantineResolution.REPLAYED, Dataset.SALES.bronzePath(), null, null,
                done.resolvedAt(), "by-hand").toRow()), List.of());
        List<String> problems = LakeAudit.audit(p.lake()).problems();
        assertTrue(problems.contains(SystemTables.QUARANTINE_RESOLUTIONS + ": 1 records resolved twice"), problems.toString());
        assertTrue(problems.contains(SystemTables.QUARANTINE_RESOLUTIONS + ": 1 resolved records that no Bronze table holds"),
                problems.toString());
        assertEquals(1, LakeAudit.audit(p.lake()).datasets().get(Dataset.SALES).quarantined(),
                "resolved is what Bronze holds, not what a resolution row claims");
    }
}
