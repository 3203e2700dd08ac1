package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.testing.Chromium;
import com.wwi.lakehouse.view.Page;
import com.wwi.lakehouse.view.PipelineView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline page of a demo lake in a real headless Chromium (Debian's): every table of the lake is a node of the
 * lineage graph, every chart has data, a quarantined payload holding {@code <script>} and {@code </textarea>} is
 * shown as text and runs nothing, and the page requests nothing; the same page served by {@code ./lakehouse ui}
 * on 127.0.0.1. Screenshots go to {@code target/ui-*.png}.
 */
class UiBrowserTest {
    static final String HOSTILE = "<script>window.__pwned=1</script></textarea><img src=x onerror=\"window.__pwned=2\">";

    @TempDir
    static Path dir;
    static Path lake;
    static ChromeDriver browser;

    @BeforeAll
    static void demoLakeAndBrowser() throws Exception {
        Path landing = dir.resolve("landing");
        lake = dir.resolve("lake");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(List.of("generate", "--out", landing.toString(), "--scale", "0.1", "--seed", "5",
                "--bad-fraction", "0.03"), out));
        // a sales record whose Quantity is markup: quarantined with its raw line
        Files.writeString(landing.resolve("sales/hostile.csv"), "Quantity,Advert,Price,Brand\n\""
                + HOSTILE.replace("\"", "\"\"") + "\",1,2.5,x\n");
        assertEquals(0, Main.run(List.of("run", "--landing", landing.toString(), "--lake", lake.toString()), out));
        assertEquals(0, Main.run(List.of("refresh", "--lake", lake.toString()), out));
        browser = Chromium.start(dir.resolve("profile"));
    }

    @AfterAll
    static void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theWrittenPageShowsEveryTableEveryChartAndRunsNothingItShows() throws Exception {
        Path page = dir.resolve("page.html");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, String> before = quiet(lake);
        assertEquals(0, Main.run(List.of("ui", "--lake", lake.toString(), "--out", page.toString()),
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        assertEquals(before, tree(lake), "ui reads the lake and writes nothing to it");
        assertTrue(buf.toString(StandardCharsets.UTF_8).startsWith("wrote " + page), buf.toString(StandardCharsets.UTF_8));
        browser.get(page.toUri().toString());
        checkPage("file");
    }

    @Test
    void theServedPageIsTheSame() throws Exception {
        Lake l = DeltaLake.open(lake.toString());
        UiServer server = new UiServer(InetAddress.getLoopbackAddress(), 0,
                () -> Page.render(new PipelineView(l, l.root(), LabGraph.GRAPH, Clock.systemUTC()).build()));
        server.start();
        try {
            browser.get("http://127.0.0.1:" + server.port() + "/");
            checkPage("served");
        } finally {
            server.stop();
        }
    }

    @Test
    void statusAndVerifyPrintJson() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertEquals(0, Main.run(List.of("status", "--lake", lake.toString(), "--json", "--runs", "5"),
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        JsonNode status = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
        Set<String> tables = new HashSet<>();
        status.get("tables").forEach(t -> tables.add(t.get("table").asText()));
        assertEquals(new HashSet<>(DeltaLake.open(lake.toString()).listTables()), tables, "every table of the lake");
        assertEquals(5, status.get("runs").size());
        JsonNode bronze = status.get("tables").get(0);
        assertTrue(bronze.get("version").asLong() >= 1 && bronze.get("rows").asLong() > 0, bronze.toString());

        buf.reset();
        assertEquals(0, Main.run(List.of("verify", "--lake", lake.toString(), "--json"),
                new PrintStream(buf, true, StandardCharsets.UTF_8)));
        JsonNode verify = new ObjectMapper().readTree(buf.toString(StandardCharsets.UTF_8));
        assertTrue(verify.get("ok").asBoolean());
        assertEquals(LabGraph.GRAPH.gold().size(), verify.get("tables").size());
        verify.get("tables").forEach(t -> assertEquals("ok", t.get("status").asText(), t.toString()));
        CliException both = assertThrows(CliException.class, () -> Main.run(List.of("verify", "--lake",
                lake.toString(), "--json", "--repair"), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)));
        assertEquals(2, both.exitCode, both.getMessage());
    }

    void checkPage(String name) throws Exception {
        JavascriptExecutor js = browser;
        assertEquals("true", browser.findElement(By.tagName("body")).getDomAttribute("data-rendered"),
                "the script ran to the end");
        Set<String> nodes = new HashSet<>();
        for (WebElement g : browser.findElements(By.cssSelector("#lineage-graph g.node"))) {
            nodes.add(g.getDomAttribute("data-id"));
        }
        for (String t : DeltaLake.open(lake.toString()).listTables()) {
            assertTrue(nodes.contains(t), "every table of the lake is a node of the graph: " + t);
        }
        assertTrue(browser.findElements(By.cssSelector("#lineage-graph path.edge")).size() >= 20, "edges drawn");
        save(name + "-lineage");

        browser.findElement(By.id("tab-report")).click();
        List<WebElement> charts = browser.findElements(By.cssSelector("#report svg.chart"));
        assertEquals(7, charts.size(), "the seven Gold charts");
        for (WebElement c : charts) {
            int points = Integer.parseInt(c.getDomAttribute("data-points"));
            assertTrue(points > 0, c.getDomAttribute("id") + " has data");
            assertTrue(c.findElements(By.tagName("rect")).size() > 0, c.getDomAttribute("id") + " draws bars");
        }
        save(name + "-report");

        browser.findElement(By.id("tab-quarantine")).click();
        WebElement search = browser.findElement(By.id("quarantine-search"));
        search.sendKeys("__pwned");
        List<WebElement> rows = browser.findElements(By.cssSelector("#quarantine-sample tr.quarantine-row"));
        assertEquals(1, rows.size(), "the search finds the hostile record");
        String raw = rows.get(0).findElement(By.cssSelector("pre.raw")).getText();
        assertTrue(raw.contains("<script>window.__pwned=1</script></textarea><img"), "the payload is shown as text: " + raw);
        assertNull(js.executeScript("return window.__pwned === undefined ? null : window.__pwned"),
                "the payload ran nothing");
        assertEquals(0L, js.executeScript("return document.querySelectorAll('#quarantine img, #quarantine textarea').length"),
                "and made no element");
        save(name + "-quarantine");

        browser.findElement(By.id("tab-runs")).click();
        WebElement timeline = browser.findElement(By.id("runs-timeline"));
        assertTrue(Integer.parseInt(timeline.getDomAttribute("data-points")) > 10, "the runs timeline has runs");
        browser.findElement(By.id("tab-quality")).click();
        assertTrue(Integer.parseInt(browser.findElement(By.id("quality-chart")).getDomAttribute("data-points")) >= 12,
                "a bar per expectation");
        Object requests = js.executeScript("return performance.getEntriesByType('resource').map(e => e.name)");
        assertEquals(List.of(), requests, "the page requested nothing beyond itself");
    }

    /** The lake's tree once the background writers of the commands before (event log flush, checkpoints) are done. */
    static Map<String, String> quiet(Path root) throws Exception {
        Map<String, String> last = tree(root);
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            Map<String, String> now = tree(root);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Every file under the lake with its size and modification time. */
    static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
            }
        }
        return out;
    }

    static void save(String name) throws Exception {
        Path target = Path.of("target", "ui-" + name + ".png");
        Files.createDirectories(target.getParent());
        Files.write(target, browser.getScreenshotAs(OutputType.BYTES));
    }
}
