package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.silver.SilverStage;
import com.wwi.lakehouse.testing.CampaignCsv;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.wwi.lakehouse.landing.LandedFile;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exported Spark SQL: inputs pinned, the pipeline's txn set per table, Gold-on-Gold tables left to the refresh. */
class GoldSqlTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    @Test
    void everyTableOfBronzeOrSilverIsExportedWithItsPinnedInputsAndTxn() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GoldSql.script(p.lake(), p.graph(),
                p.gold().tables(), Instant.EPOCH, s -> { }));
        assertTrue(e.getMessage().contains("does not exist yet"), e.getMessage());

        byte[] csv = (CampaignCsv.HEADER + CampaignCsv.campaign("France", "GoGreen", "-5", "2021-03-01")
                + CampaignCsv.campaign("Spain", "Beach", "7", "2021-03-09")).getBytes(StandardCharsets.UTF_8);
        p.bronze().ingestFile(new LandedFile("campaigns/a.csv", "e1", csv.length, () -> new ByteArrayInputStream(csv)));
        p.lake().table(SilverStage.TABLE).createIfAbsent(SilverStage.SPEC);
        p.gold().run();
        List<String> skipped = new ArrayList<>();
        String script = GoldSql.script(p.lake(), p.graph(), p.gold().tables(), Instant.EPOCH, skipped::add);
        assertEquals(List.of("gold/sentiment_campaign_analytics", "gold/campaign_sentiment_weekly"),
                skipped.stream().map(s -> s.substring(0, s.indexOf(':'))).toList());
        assertTrue(script.contains("SET spark.sql.session.timeZone = UTC;"), script);
        for (TableNode d : LabGraph.GRAPH.gold()) {
            if (GoldSql.query(d.path()).isEmpty()) {
                assertTrue(d.inputs().stream().anyMatch(i -> i.startsWith("gold/")), d.path() + " needs Spark SQL");
                continue;
            }
            long packed = 0;
            for (String in : d.inputs()) {
                long v = p.lake().table(in).version();
                packed = GoldRefresh.pack(packed, v);
                assertTrue(script.contains("CREATE OR REPLACE TEMPORARY VIEW " + GoldSql.view(in) + " AS SELECT * FROM"
                        + " delta.`" + p.lake().table(in).location() + "` VERSION AS OF " + v + ";"), in);
            }
            assertTrue(script.contains("SET spark.databricks.delta.write.txnAppId = " + GoldRefresh.appId(d) + ";\n"
                    + "SET spark.databricks.delta.write.txnVersion = " + packed + ";\nINSERT OVERWRITE delta.`"
                    + p.lake().table(d.path()).location() + "`\nSELECT CAST(q.`" + d.schema().column(0).name()), d.path());
        }
        assertTrue(script.strip().endsWith("RESET spark.databricks.delta.write.txnVersion;"), script);
    }
}
