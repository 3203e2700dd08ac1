package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.EventLog;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schema drift policies on the file path: CSV datasets whose header names a column the schema does not know (an
 * unknown field of every record), and JSON tweet files with unknown fields, under {@code rescue}, {@code evolve} and
 * {@code strict}.
 */
class DriftFileTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    Pipeline open(String folder, Drift drift) {
        return pipelines.open(Settings.local(dir.toString()).withDrift(Map.of(folder, drift)));
    }

    static RunResult file(Pipeline p, String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        RunResult r = p.bronze().ingestFile(new LandedFile(path, "etag-" + Arrays.hashCode(bytes), bytes.length,
                () -> new ByteArrayInputStream(bytes)));
        if (r.status() != RunStatus.REJECTED) {
            assertTrue(r.accountedFor(), "landed = Bronze + quarantined: " + r);
        }
        return r;
    }

    static LakeTable table(Pipeline p, Dataset d) {
        return p.lake().table(d.bronzePath());
    }

    /** The Bronze rows of a dataset by their line number. */
    static Object[] line(Pipeline p, Dataset d, String path, long number) {
        LakeTable t = table(p, d);
        int offset = t.schema().position("_source_offset");
        int source = t.schema().position("_source");
        return t.readAll().stream().filter(r -> Long.valueOf(number).equals(r[offset])
                && ((String) r[source]).endsWith(path)).findFirst().orElseThrow();
    }

    static Object value(Pipeline p, Dataset d, Object[] row, String column) {
        return row[table(p, d).schema().position(column)];
    }

    static List<QuarantineRecord> quarantine(Pipeline p) {
        return p.lake().table(SystemTables.QUARANTINE).readAll().stream().map(QuarantineRecord::fromRow).toList();
    }

    static List<RunResult> evolved(Pipeline p) {
        p.eventLog().flush();
        return EventLog.latestRuns(p.lake(), 1000).stream().filter(r -> r.status() == RunStatus.EVOLVED).toList();
    }

    // a campaigns header with a new column in the middle: the columns are then matched by name
    static final String CAMPAIGN_HEADER = BadInputCorpus.CAMPAIGN_HEADER.replace("Campaign_Name,",
            "Campaign_Name,Sales Channel,");

    static String campaign(String channel) {
        String[] f = BadInputCorpus.CAMPAIGN.clone();
        String[] out = new String[f.length + 1];
        System.arraycopy(f, 0, out, 0, 5);
        out[5] = channel;
        System.arraycopy(f, 5, out, 6, f.length - 5);
        return String.join(",", out);
    }

    // ------------------------------------------------------------------ rescue

    @Test
    void rescueKeepsANewHeaderColumnInRescuedDataAndMatchesTheOthersByName() {
        Pipeline p = open("campaigns", Drift.RESCUE);
        RunResult r = file(p, "campaigns/c.csv", CAMPAIGN_HEADER + "\n" + campaign("web") + "\n" + campaign("") + "\n");
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(2, r.rowsWritten());
        assertEquals(Dataset.CAMPAIGNS.bronzeSchema(), table(p, Dataset.CAMPAIGNS).schema());
        Object[] row = line(p, Dataset.CAMPAIGNS, "c.csv", 2);
        assertEquals("{\"Sales Channel\":\"web\"}", value(p, Dataset.CAMPAIGNS, row, Dataset.RESCUED_DATA));
        assertEquals("fashion", value(p, Dataset.CAMPAIGNS, row, "Campaign_Name"));
        assertEquals("NA", value(p, Dataset.CAMPAIGNS, row, "Qualification"), "the column after the new one");
        assertEquals(4, value(p, Dataset.CAMPAIGNS, row, "SORTED_ID"));
        assertEquals("{\"Sales Channel\":null}",
                value(p, Dataset.CAMPAIGNS, line(p, Dataset.CAMPAIGNS, "c.csv", 3), Dataset.RESCUED_DATA));
        assertTrue(evolved(p).isEmpty());
    }

    @Test
    void rescueKeepsUnknownFieldsOfJsonTweetFiles() {
        Pipeline p = open("tweets", Drift.RESCUE);
        RunResult r = file(p, "tweets/t.json", BadInputCorpus.TWEET + "\n"
                + BadInputCorpus.TWEET.replace("}", ",\"device\":\"phone\"}") + "\n");
        assertEquals(2, r.rowsWritten());
        assertEquals("{\"device\":\"phone\"}",
                value(p, Dataset.TWEETS, line(p, Dataset.TWEETS, "t.json", 2), Dataset.RESCUED_DATA));
        assertEquals(Dataset.TWEETS.bronzeSchema(), table(p, Dataset.TWEETS).schema());
    }

    // ------------------------------------------------------------------ evolve

    @Test
    void evolveAddsANewHeaderColumnAsAStringColumnNamedAsTheDatasetNormalisesNames() {
        Pipeline p = open("churn", Drift.EVOLVE);
        String header = BadInputCorpus.CHURN_HEADER + ",Loyalty Tier(2024)";
        String good = String.join(",", BadInputCorpus.CHURN);
        assertEquals(1, file(p, "churn/before.csv", BadInputCorpus.CHURN_HEADER + "\n" + good + "\n").rowsWritten());
        long before = table(p, Dataset.CHURN).version();

        RunResult r = file(p, "churn/new.csv", header + "\n" + good + ",gold\n" + good + ",\n");
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
        assertEquals(2, r.rowsWritten());
        assertEquals(Dataset.CHURN.bronzeSchema().plus(Column.of("Loyalty_Tier_2024", ColumnType.STRING)),
                table(p, Dataset.CHURN).schema());
        assertEquals(before + 2, table(p, Dataset.CHURN).version(), "one metadata commit, then the file");
        Object[] row = line(p, Dataset.CHURN, "new.csv", 2);
        assertEquals("gold", value(p, Dataset.CHURN, row, "Loyalty_Tier_2024"));
        assertEquals(1, value(p, Dataset.CHURN, row, "tenure_month"), "tenure(month) matched by its normal name");
        assertNull(value(p, Dataset.CHURN, row, Dataset.RESCUED_DATA));
        assertNull(value(p, Dataset.CHURN, line(p, Dataset.CHURN, "new.csv", 3), "Loyalty_Tier_2024"));
        assertNull(value(p, Dataset.CHURN, line(p, Dataset.CHURN, "before.csv", 2), "Loyalty_Tier_2024"),
                "data committed before keeps null");

        // later files: the declared header (by position, the new column null), the header spelt otherwise
        assertEquals(1, file(p, "churn/old.csv", BadInputCorpus.CHURN_HEADER + "\n" + good + "\n").rowsWritten());
        assertNull(value(p, Dataset.CHURN, line(p, Dataset.CHURN, "old.csv", 2), "Loyalty_Tier_2024"));
        assertEquals(1, file(p, "churn/again.csv", BadInputCorpus.CHURN_HEADER + ",loyalty tier 2024\n" + good
                + ",silver\n").rowsWritten());
        assertEquals("silver", value(p, Dataset.CHURN, line(p, Dataset.CHURN, "again.csv", 2), "Loyalty_Tier_2024"));

        List<RunResult> e = evolved(p);
        assertEquals(1, e.size(), e.toString());
        assertEquals(Dataset.CHURN.bronzePath(), e.get(0).table());
        assertEquals("landing/churn/new.csv", e.get(0).source());
        assertTrue(e.get(0).message().startsWith("added column Loyalty_Tier_2024 string at the end of"
                + " bronze/customer_churn_data"), e.get(0).message());
    }

    @Test
    void aWriterOfAnotherPolicyFillsAColumnAnotherEvolvedFromItsNextFile() {
        Pipeline evolve = open("churn", Drift.EVOLVE);
        Pipeline strict = pipelines.open(Settings.local(dir.toString()).withDrift(Map.of("churn", Drift.STRICT)));
        String good = String.join(",", BadInputCorpus.CHURN);
        String header = BadInputCorpus.CHURN_HEADER + ",Tier";
        assertEquals(1, file(evolve, "churn/a.csv", header + "\n" + good + ",gold\n").rowsWritten());
        // opened before the change; its next file sees the table as it is: Tier is a column, not an unknown field
        RunResult r = file(strict, "churn/b.csv", header + "\n" + good + ",silver\n");
        assertEquals(1, r.rowsWritten(), r.toString());
        assertEquals("silver", value(strict, Dataset.CHURN, line(strict, Dataset.CHURN, "b.csv", 2), "Tier"));
        evolve.eventLog().flush();
        assertEquals(1, evolved(strict).size(), "the change was logged once, by the writer that made it");
    }

    @Test
    void evolveOfJsonTweetFilesTypesTheColumnByTheFirstValueAndNeverWidensIt() {
        Pipeline p = open("tweets", Drift.EVOLVE);
        String t = BadInputCorpus.TWEET;
        RunResult r = file(p, "tweets/t.json", t + "\n" + t.replace("}", ",\"reach\":5}") + "\n"
                + t.replace("}", ",\"reach\":\"lots\"}") + "\n" + t.replace("}", ",\"reach\":6}") + "\n");
        assertEquals(3, r.rowsWritten(), r.toString());
        assertEquals(1, r.rowsQuarantined(), r.toString());
        assertEquals(ColumnType.LONG, table(p, Dataset.TWEETS).schema().column("reach").type());
        assertNull(value(p, Dataset.TWEETS, line(p, Dataset.TWEETS, "t.json", 1), "reach"));
        assertEquals(5L, value(p, Dataset.TWEETS, line(p, Dataset.TWEETS, "t.json", 2), "reach"));
        assertEquals(6L, value(p, Dataset.TWEETS, line(p, Dataset.TWEETS, "t.json", 4), "reach"));
        QuarantineRecord q = quarantine(p).get(0);
        assertEquals(3L, q.sourceOffset());
        assertEquals(QuarantineRecord.Kind.SCHEMA, q.kind());
        assertTrue(q.reason().startsWith("column reach: cannot read 'lots' as long"), q.reason());
        assertEquals(1, evolved(p).size());
    }

    @Test
    void evolveAddsNoColumnForAHeaderlessFileARowOfAnotherWidthIsQuarantined() {
        Pipeline p = open("store-transactions", Drift.EVOLVE);
        String[] f = BadInputCorpus.STORE;
        RunResult r = file(p, "store-transactions/s.txt", String.join(",", f) + "\n" + String.join(",", f) + ",\"x\"\n");
        assertEquals(1, r.rowsWritten());
        assertEquals(1, r.rowsQuarantined());
        assertEquals(Dataset.STORE_TRANSACTIONS.bronzeSchema(), table(p, Dataset.STORE_TRANSACTIONS).schema());
        assertTrue(evolved(p).isEmpty());
    }

    // ------------------------------------------------------------------ strict

    @Test
    void strictQuarantinesEveryRecordOfAFileWhoseHeaderHasAnUnknownColumn() {
        Pipeline p = open("sales", Drift.STRICT);
        RunResult r = file(p, "sales/s.csv", "Quantity,Region,Advert,Price,Brand\n10,north,1,2.5,tropicana\n"
                + "11,south,1,2.5,tropicana\n");
        assertEquals(RunStatus.COMMITTED, r.status(), "the file is read, not rejected: " + r);
        assertEquals(0, r.rowsWritten());
        assertEquals(2, r.rowsQuarantined());
        assertEquals(Dataset.SALES.bronzeSchema(), table(p, Dataset.SALES).schema());
        for (QuarantineRecord q : quarantine(p)) {
            assertEquals(QuarantineRecord.Kind.SCHEMA, q.kind());
            assertEquals("header column 'Region' is not in the sales schema: the drift policy of sales is strict;"
                    + " declare the column, or set LAKEHOUSE_DRIFT=sales=evolve (or rescue)", q.reason());
            assertTrue(q.raw().endsWith(",1,2.5,tropicana"), q.raw());
        }
        // the declared header still lands
        assertEquals(1, file(p, "sales/ok.csv", "Quantity,Advert,Price,Brand\n10,1,2.5,tropicana\n").rowsWritten());
    }

    @Test
    void strictQuarantinesJsonTweetLinesWithUnknownFields() {
        Pipeline p = open("tweets", Drift.STRICT);
        RunResult r = file(p, "tweets/t.json", BadInputCorpus.TWEET + "\n"
                + BadInputCorpus.TWEET.replace("}", ",\"device\":\"phone\"}") + "\n");
        assertEquals(1, r.rowsWritten());
        assertEquals(1, r.rowsQuarantined());
        QuarantineRecord q = quarantine(p).get(0);
        assertEquals(2L, q.sourceOffset());
        assertTrue(q.reason().startsWith("field 'device' is not in the tweets schema"), q.reason());
    }

    // ------------------------------------------------------------------ every policy

    @ParameterizedTest
    @EnumSource(Drift.class)
    void aWiderHeaderThatDoesNotNameEveryColumnIsRejectedWhole(Drift drift) {
        Pipeline p = open("sales", drift);
        RunResult r = file(p, "sales/w.csv", "Quantity,Advert,Cost,Brand,Region\n1,1,2.5,tropicana,x\n");
        assertEquals(RunStatus.REJECTED, r.status(), r.toString());
        assertEquals("header has 5 columns, sales files have 4: a header wider than the schema must name every"
                + " column of it; missing: Price", r.message());
        assertEquals(Dataset.SALES.bronzeSchema(), table(p, Dataset.SALES).schema(), "nothing added");
    }

    @ParameterizedTest
    @EnumSource(Drift.class)
    void aValueThatDoesNotFitItsColumnIsQuarantinedUnderEveryPolicy(Drift drift) {
        Pipeline p = open("sales", drift);
        RunResult r = file(p, "sales/v.csv", "Quantity,Advert,Price,Brand\nmany,1,2.5,tropicana\n");
        assertEquals(1, r.rowsQuarantined());
        assertTrue(quarantine(p).get(0).reason().startsWith("column Quantity: "), quarantine(p).get(0).reason());
        assertEquals(ColumnType.INT, table(p, Dataset.SALES).schema().column("Quantity").type());
    }
}
