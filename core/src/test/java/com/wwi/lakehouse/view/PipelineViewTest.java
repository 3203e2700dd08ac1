package com.wwi.lakehouse.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import static com.wwi.lakehouse.testing.CampaignCsv.HEADER;
import static com.wwi.lakehouse.testing.CampaignCsv.campaign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page's data: every table a node, edges from the graph, freshness, quality, quarantine; hostile payloads inert. */
class PipelineViewTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;


    static final String HOSTILE = "</script><script>window.__pwned=1</script></textarea><b>x</b>";

    static RunResult land(Pipeline p, String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return p.bronze().ingestFile(new LandedFile(path, "e-" + content.hashCode(), b.length,
                () -> new ByteArrayInputStream(b)));
    }

    @Test
    void everyTableIsANodeWithItsStateAndHostilePayloadsStayText() throws Exception {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        land(p, "campaigns/a.csv", HEADER + campaign("Germany", "fashion", "-5", "2021-06-27"));
        // a sales row whose Quantity is no number: quarantined with its raw line, which holds markup
        land(p, "sales/evil.csv", "Quantity,Advert,Price,Brand\n1,1,2.5,tropicana\n\"" + HOSTILE.replace("\"", "\"\"")
                + "\",1,2.5,x\n");
        p.gold().run();
        land(p, "campaigns/b.csv", HEADER + campaign("Japan", "beach", "3", "2021-07-02"));
        p.eventLog().flush();

        ObjectNode doc = new PipelineView(p.lake(), p.lake().root(), LabGraph.GRAPH, Clock.systemUTC()).build();
        Set<String> ids = new HashSet<>();
        doc.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        for (String t : p.lake().listTables()) {
            assertTrue(ids.contains(t), "every table of the lake is a node: " + t);
        }
        for (var l : LabGraph.GRAPH.landings()) {
            assertTrue(ids.contains("landing/" + l.dataset().folder()));
        }
        int edges = 0;
        for (JsonNode e : doc.get("edges")) {
            assertTrue(ids.contains(e.get("from").asText()) && ids.contains(e.get("to").asText()), e.toString());
            edges++;
        }
        long declared = LabGraph.GRAPH.landings().size()
                + LabGraph.GRAPH.tables().stream().mapToLong(t -> t.inputs().size()).sum();
        assertEquals(declared, edges, "one edge per landing and per declared input, from the graph alone");

        JsonNode revenue = node(doc, "gold/country_wise_revenue");
        assertEquals(1, revenue.get("rows").asLong());
        JsonNode fresh = revenue.get("freshness");
        assertTrue(fresh.get("known").asBoolean());
        assertEquals(1, fresh.get("behindVersions").asLong(), "campaigns moved on by one commit since the refresh: " + fresh);
        assertEquals("committed", revenue.get("lastRun").get("status").asText());
        assertTrue(revenue.get("history").size() >= 2);
        assertEquals("(1, 2)", revenue.get("protocol").asText());

        JsonNode sales = doc.get("quality").get("bronze/sales_after_campaign_data");
        assertEquals(1, sales.get("runs").asInt(), "one sales run");
        assertEquals(2, sales.get("recordsRead").asLong());
        JsonNode q = doc.get("quarantine");
        assertEquals(1, q.get("total").asLong());
        JsonNode record = q.get("sample").get(0);
        assertEquals("sales", record.get("dataset").asText());
        assertTrue(record.get("raw").asText().contains(HOSTILE.replace("\"", "\"\"")), record.toString());

        String html = Page.render(doc);
        assertFalse(html.contains("<script>window.__pwned"), "the payload cannot open a script element");
        assertFalse(html.contains("</textarea><b>"), "nor close any element");
        assertTrue(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ewindow.__pwned"), "it is there, escaped");
        String hosts = html.replace("\"http://www.w3.org/2000/svg\"", ""); // the SVG namespace names, never fetched
        assertFalse(hosts.contains("http://") || hosts.contains("https://") || hosts.contains("src="),
                "the page names no host to request from");
        assertTrue(html.contains("default-src 'none'"), "and its policy forbids any request");
        JsonNode back = new ObjectMapper().readTree(html.substring(html.indexOf("id=\"lakehouse-data\">") + 20,
                html.indexOf("</script>", html.indexOf("id=\"lakehouse-data\">"))));
        assertTrue(doc.toString().equals(back.toString()), "the embedded JSON reads back as the document");
    }

    static JsonNode node(ObjectNode doc, String id) {
        for (JsonNode n : doc.get("nodes")) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id);
    }

    @Test
    void aLakeWithoutRunsOrQuarantineStillRenders() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()));
        ObjectNode doc = new PipelineView(p.lake(), p.lake().root(), LabGraph.GRAPH, Clock.systemUTC()).build();
        assertEquals(0, doc.get("quarantine").get("total").asLong());
        Set<String> tables = new HashSet<>(p.lake().listTables());
        LabGraph.GRAPH.tables().forEach(t -> tables.add(t.path()));
        assertEquals(LabGraph.GRAPH.landings().size() + tables.size(), doc.get("nodes").size(),
                "the landings, every table of the graph (created or not) and any other table of the lake");
        assertEquals(0, doc.get("runs").size());
        assertTrue(Page.render(doc).contains("lakehouse-data"));
    }
}
