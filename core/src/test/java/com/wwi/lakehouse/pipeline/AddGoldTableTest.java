package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.wwi.lakehouse.lake.Column.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DESIGN.md's recipe "Add a Gold table", walked through: a churn-by-contract table defined only here — its schema,
 * its computation, one line in a graph — is created, MERGEd incrementally, verified, and left out of the lab's graph.
 */
class AddGoldTableTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    // 1. the schema: the key first, then LONG sums
    static final TableSchema CHURN_BY_CONTRACT = TableSchema.of(of("contract", ColumnType.STRING),
            of("customers", ColumnType.LONG), of("churned", ColumnType.LONG));

    // 2. the computation: a function of the input's rows (for sums: any split, added per key, gives the whole)
    static List<Object[]> churnByContract(List<Object[]> churn) {
        int contract = Dataset.CHURN.sourceSchema().names().indexOf("StoreContract");
        int churned = Dataset.CHURN.sourceSchema().names().indexOf("Churn");
        Map<String, long[]> sums = new TreeMap<>();
        for (Object[] r : churn) {
            long[] s = sums.computeIfAbsent(String.valueOf(r[contract]), k -> new long[2]);
            s[0]++;
            s[1] += "Yes".equals(r[churned]) ? 1 : 0;
        }
        List<Object[]> out = new ArrayList<>();
        sums.forEach((k, s) -> out.add(new Object[]{k, s[0], s[1]}));
        return out;
    }

    // 3. the declaration: one line in the graph (here the lab's plus this table)
    static final PipelineGraph GRAPH = LabGraph.GRAPH.with(TableNode.sums("gold/churn_by_contract",
            CHURN_BY_CONTRACT, 1, Dataset.CHURN.bronzePath(), AddGoldTableTest::churnByContract));

    static String churnFile(String... rows) {
        StringBuilder sb = new StringBuilder("CustomerID,Gender,SeniorCitizen,Partner,Dependents,tenure_month,Discount,"
                + "OutletSize,OnlineDelivery,OrderStatus,CustomerSupport,Brand,StoreContract,PaperlessBilling,"
                + "PaymentMethod,UnitPrice,TotalAmount,Churn\n");
        for (String r : rows) {
            String[] f = r.split(":"); // id:contract:churn
            sb.append(f[0]).append(",Male,0,Yes,No,12,Yes,Small,Yes,Delivered,Yes,dominicks,").append(f[1])
                    .append(",Yes,Cash,2.5,30.0,").append(f[2]).append('\n');
        }
        return sb.toString();
    }

    void land(Pipeline p, String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        RunResult r = p.bronze().ingestFile(new LandedFile(path, "e-" + b.length + path, b.length,
                () -> new ByteArrayInputStream(b)));
        assertEquals(RunStatus.COMMITTED, r.status(), r.toString());
    }

    static Map<String, List<Long>> table(Pipeline p) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (Object[] r : p.lake().table("gold/churn_by_contract").readAll()) {
            out.put((String) r[0], List.of((Long) r[1], (Long) r[2]));
        }
        return out;
    }

    @Test
    void aGoldTableDeclaredInTheGraphIsRefreshedMergedAndVerified() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()), null, GRAPH);
        land(p, "churn/a.csv", churnFile("c1:Monthly:Yes", "c2:Monthly:No", "c3:Yearly:No"));
        RunResult first = p.gold().run().stream().filter(r -> r.table().equals("gold/churn_by_contract"))
                .findFirst().orElseThrow();
        assertEquals(RunStatus.COMMITTED, first.status(), first.toString());
        assertEquals(Map.of("Monthly", List.of(2L, 1L), "Yearly", List.of(1L, 0L)), table(p));

        land(p, "churn/b.csv", churnFile("c4:Monthly:Yes"));
        RunResult second = p.gold().run().stream().filter(r -> r.table().equals("gold/churn_by_contract"))
                .findFirst().orElseThrow();
        assertEquals(1, second.rowsIn(), "only the new row is read: " + second);
        assertTrue(second.message().startsWith("merged the input added after version"), second.message());
        assertEquals(Map.of("Monthly", List.of(3L, 2L), "Yearly", List.of(1L, 0L)), table(p));
        assertEquals(Map.of("bronze/customer_churn_data", p.lake().table("bronze/customer_churn_data").version()),
                second.inputVersions(), "the run records the input version it consumed");

        for (GoldVerify.Result v : GoldVerify.verify(p.lake(), GRAPH)) {
            assertEquals("ok", v.status(), v.toString());
        }
        assertTrue(GRAPH.goldPaths().contains("gold/churn_by_contract"));
        assertFalse(LabGraph.GRAPH.goldPaths().contains("gold/churn_by_contract"), "the lab's graph is unchanged");
    }
}
