package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.pipeline.LabGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.wwi.lakehouse.lake.Column.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph validates itself when built, with one line naming the problem, and orders tables after their inputs. */
class PipelineGraphTest {
    static final TableSchema ONE = TableSchema.of(of("k", ColumnType.STRING), of("n", ColumnType.LONG));
    static final List<LandingNode> SALES = List.of(new LandingNode(Dataset.SALES, LandingNode.Drift.RESCUE));

    static TableNode gold(String path, String... inputs) {
        return TableNode.recompute(path, ONE, List.of(inputs), in -> List.of());
    }

    static String problem(Runnable build) {
        String m = assertThrows(IllegalArgumentException.class, build::run).getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        return m;
    }

    @Test
    void theLabGraphHoldsEveryTableAfterItsInputs() {
        PipelineGraph g = LabGraph.GRAPH;
        assertEquals(5, g.landings().size());
        assertEquals(5 + 1 + 14 + 3, g.tables().size(), "Bronze, Silver, the Gold refresh's 14, the system tables");
        List<String> seen = new ArrayList<>();
        for (TableNode t : g.tables()) {
            assertTrue(seen.containsAll(t.inputs()), t.path() + " comes after " + t.inputs());
            seen.add(t.path());
        }
        assertEquals(List.of("gold/campaign_sentiment_weekly"),
                g.readersOf("gold/hashtag_sentiment_weekly").stream().map(TableNode::path).toList());
    }

    @Test
    void aNameDeclaredTwiceAnUndeclaredInputAndACycleAreRefused() {
        assertEquals("pipeline graph: the table gold/a is declared twice",
                problem(() -> PipelineGraph.of(SALES, List.of(gold("gold/a", Dataset.SALES.bronzePath()),
                        gold("gold/a", Dataset.SALES.bronzePath())))));
        assertEquals("pipeline graph: gold/a reads bronze/campaign_data, which is not a table of the graph (declare"
                        + " it, or its landing dataset)",
                problem(() -> PipelineGraph.of(SALES, List.of(gold("gold/a", Dataset.CAMPAIGNS.bronzePath())))));
        assertEquals("pipeline graph: a cycle: gold/a -> gold/b -> gold/c -> gold/a",
                problem(() -> PipelineGraph.of(SALES, List.of(gold("gold/a", "gold/b"), gold("gold/b", "gold/c"),
                        gold("gold/c", "gold/a")))));
        assertEquals("pipeline graph: the landing folder sales is declared twice",
                problem(() -> PipelineGraph.of(List.of(SALES.get(0), SALES.get(0)), List.of())));
        assertEquals("gold/s: an incremental Gold table has exactly one input, not 2",
                problem(() -> new TableNode("gold/s", Layer.GOLD, ONE, List.of(), Follows.SUMS, 1,
                        List.of("x", "y"), in -> List.of())));
    }

    @Test
    void aTableListedBeforeItsInputMovesAfterIt() {
        PipelineGraph g = PipelineGraph.of(SALES, List.of(gold("gold/late", "gold/early"),
                gold("gold/early", Dataset.SALES.bronzePath())));
        assertEquals(List.of(Dataset.SALES.bronzePath(), "gold/early", "gold/late"),
                g.tables().stream().map(TableNode::path).toList());
    }
}
