package com.wwi.lakehouse.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.Pipelines;
import com.wwi.lakehouse.view.PipelineView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code LAKEHOUSE_DRIFT}: the drift policies a deployment sets without a rebuild, checked like every setting (the
 * app refuses a bad value with one line, the dry run names it); the dry run and the page show the policies a run
 * uses, and the dry run notes an evolved Bronze table's extra columns.
 */
class DriftSettingTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    @Test
    void theSettingReplacesTheGraphsPoliciesByFolder() {
        assertEquals(Map.of("tweets", Drift.EVOLVE, "campaigns", Drift.STRICT),
                Settings.drift(" tweets = evolve , Campaigns=STRICT "));
        assertEquals(Map.of(), Settings.drift(""));
        assertEquals(Map.of(), Settings.drift(null));
        Settings s = Settings.from(Map.of(Settings.LAKE, dir.toString(), Settings.DRIFT, "churn=rescue,sales=strict"));
        assertEquals(Map.of("churn", Drift.RESCUE, "sales", Drift.STRICT), s.drift());
        Pipeline p = pipelines.open(s);
        assertEquals(Drift.STRICT, p.graph().landings().stream().filter(l -> l.dataset() == Dataset.SALES)
                .findFirst().orElseThrow().drift());
        assertEquals(LabGraph.GRAPH.tables().size(), p.graph().tables().size(), "the same tables");
    }

    @Test
    void aBadValueStopsTheAppWithOneLineAndTheDryRunNamesIt() {
        Map<String, String> cases = Map.of(
                "tweets", "'tweets' is not folder=policy",
                "tweets=sometimes", "'sometimes' for tweets is not a drift policy; write rescue, evolve or strict",
                "tweet=evolve", "no landing dataset 'tweet'; name one of: campaigns, churn, sales, store-transactions, tweets",
                "tweets=evolve,tweets=strict", "names tweets twice",
                "tweets=evolve,", "'' is not folder=policy");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.from(Map.of(Settings.LAKE, dir.toString(), Settings.DRIFT, c.getKey())), c.getKey());
            assertTrue(e.getMessage().startsWith("LAKEHOUSE_DRIFT"), e.getMessage());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
            Optional<String> problem = SettingsCheck.value(Setting.DRIFT, c.getKey(), Map.of());
            assertTrue(problem.orElseThrow().contains(c.getValue()), problem.toString());
            assertTrue(!problem.get().startsWith("LAKEHOUSE_DRIFT"), "the dry run names the setting itself: " + problem);
        }
        assertEquals(Optional.empty(), SettingsCheck.value(Setting.DRIFT, "tweets=evolve,campaigns=strict", Map.of()));
        assertEquals(Optional.empty(), SettingsCheck.value(Setting.DRIFT, "", Map.of()));

        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), dir.toString(), Setting.DRIFT.key(), "tweets=maybe"),
                DryRun.Source.SHELL, () -> LabGraph.GRAPH, () -> "a model", c -> { });
        assertTrue(r.checks().stream().anyMatch(c -> c.subject().equals(Setting.DRIFT.key())
                && c.status() == DryRun.Status.PROBLEM && c.detail().contains("'maybe' for tweets")), r.toString());
    }

    @Test
    void theDryRunShowsThePoliciesAndNotesAnEvolvedBronzeTableAndThePageShowsThePolicies() {
        Pipeline p = pipelines.open(Settings.local(dir.toString()).withDrift(Map.of("tweets", Drift.EVOLVE)));
        byte[] body = ("{\"time\":\"2021-06-27T10:00:00Z\",\"city\":\"Oslo\",\"device\":\"phone\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(RunStatus.COMMITTED, p.bronze().ingestEvents(new EventBatch("ns", "tweets", "$Default", "0",
                List.of(new EventBatch.Event(body, 0, "0", Instant.EPOCH)))).status());
        p.eventLog().flush();

        DryRun.Report r = DryRun.run(Map.of(Setting.LAKE.key(), dir.toString(), Setting.DRIFT.key(), "tweets=evolve"),
                DryRun.Source.SHELL, () -> LabGraph.GRAPH, () -> "a model", c -> { });
        DryRun.Check graph = r.checks().stream().filter(c -> c.subject().equals("graph")).findFirst().orElseThrow();
        assertTrue(graph.detail().endsWith("drift tweets evolve, campaigns rescue, churn rescue, store-transactions"
                + " rescue, sales rescue"), graph.detail());
        DryRun.Check tweets = r.checks().stream().filter(c -> c.subject().equals(Dataset.TWEETS.bronzePath()))
                .findFirst().orElseThrow();
        assertEquals(DryRun.Status.NOTE, tweets.status(), tweets.toString());
        assertTrue(tweets.detail().contains("the table has column device after the declared ones (schema drift):"
                + " records fill it from source fields of that name"), tweets.detail());
        assertTrue(r.ok(), r.toString());

        JsonNode doc = new PipelineView(p.lake(), p.lake().root(), p.graph(), Clock.systemUTC()).build();
        for (JsonNode n : doc.get("nodes")) {
            if (n.get("kind").asText().equals("landing")) {
                boolean isTweets = n.get("label").asText().equals("tweets");
                assertEquals(isTweets ? "evolve" : "rescue", n.get("drift").asText(), n.toString());
                assertEquals(isTweets ? "[\"device string\"]" : "[]", n.get("gainedColumns").toString(), n.toString());
            }
        }
    }
}
