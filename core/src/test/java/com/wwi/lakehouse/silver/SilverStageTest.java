package com.wwi.lakehouse.silver;

import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silver converges to exactly the filtered Bronze tweets, live or after a crash between the two commits. */
class SilverStageTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /**
     * A deterministic stand-in for the model (the real one is tested in the sentiment module): Positive when the
     * cleaned text mentions love, Negative for hate, else Neutral. Counts the texts it was asked to score.
     */
    static final class WordScorer implements SentimentScorer {
        int scored;

        @Override
        public synchronized List<Score> score(List<String> texts) {
            scored += texts.size();
            List<Score> out = new ArrayList<>();
            for (String t : texts) {
                String l = t.toLowerCase();
                out.add(l.contains("love") ? new Score(Label.Positive, 0.9, "word-1")
                        : l.contains("hate") ? new Score(Label.Negative, 0.1, "word-1")
                        : new Score(Label.Neutral, 0.5, "word-1"));
            }
            return out;
        }

        @Override
        public String version() {
            return "word-1";
        }
    }

    /** Every third tweet has no campaign tag; tags come in mixed case. */
    static String tweet(int p, long seq) {
        String[] tags = {"#GoGreen", "#summer", "#beach", "#FutureTech", "#sale", "#fashionweek"};
        String text = (seq % 2 == 0 ? "RT @wwi: I love the " : "I hate the ") + tags[(int) (seq % tags.length)]
                + " NewCollection https://t.co/x" + p + seq;
        return "{\"time\":\"2021-12-31T22:30:00-05:00\",\"hashtag\":\"#x\",\"tweet\":\"" + text
                + "\",\"city\":\"City" + p + "\",\"retweetcount\":" + seq + "}";
    }

    static EventBatch batch(int p, long from, long to) {
        List<EventBatch.Event> events = new ArrayList<>();
        for (long s = from; s < to; s++) {
            events.add(new EventBatch.Event(tweet(p, s).getBytes(StandardCharsets.UTF_8), s, "0", Instant.EPOCH));
        }
        return new EventBatch("ns", "tweets", "$Default", String.valueOf(p), events);
    }

    static Set<String> keys(LakeTable t, int sourceCol, int offsetCol, boolean campaignOnly) {
        Set<String> out = new TreeSet<>();
        for (Object[] r : t.readAll()) {
            if (!campaignOnly || CampaignFilter.matches((String) r[2])) {
                out.add(r[sourceCol] + "#" + r[offsetCol]);
            }
        }
        return out;
    }

    static void assertConverged(Pipeline p) {
        LakeTable bronze = p.lake().table(Dataset.TWEETS.bronzePath());
        LakeTable silver = p.lake().table(SilverStage.TABLE);
        Set<String> expected = keys(bronze, 13, 14, true);
        List<Object[]> rows = silver.readAll();
        assertEquals(expected, keys(silver, 16, 17, false), "Silver holds exactly the campaign tweets of Bronze");
        assertEquals(expected.size(), rows.size(), "and each once");
    }

    @Test
    void eachBatchIsCleanedFilteredAndScoredRightAfterItsBronzeCommit() {
        WordScorer scorer = new WordScorer();
        Pipeline live = pipelines.open(Settings.local(dir.toString()), scorer);
        live.ingestEvents(batch(0, 0, 12));
        LakeTable silver = live.lake().table(SilverStage.TABLE);
        List<Object[]> rows = silver.readAll();
        assertEquals(8, rows.size(), "the four tweets without a campaign tag are left out");
        Object[] first = rows.stream().filter(r -> Long.valueOf(0).equals(r[17])).findFirst().orElseThrow();
        assertEquals("I love the  Go Green  New Collection", first[2], "cleaned as the lab does");
        assertEquals(LocalDate.of(2022, 1, 1), first[12], "to_date(time) in UTC");
        assertEquals("Positive", first[13]);
        assertEquals("word-1", first[15]);
        Object[] hate = rows.stream().filter(r -> Long.valueOf(3).equals(r[17])).findFirst().orElseThrow();
        assertEquals("Negative", hate[13]);
        // a redelivery scores nothing again
        int scoredBefore = scorer.scored;
        live.ingestEvents(batch(0, 0, 12));
        assertEquals(scoredBefore, scorer.scored);
        assertConverged(live);
    }

    @Test
    void silverTweetsCheckpointAsRarelyAsBronzeTweetsForTheyAreAppendedPerBatchToo() throws Exception {
        Pipeline live = pipelines.open(Settings.local(dir.toString()), new WordScorer());
        live.ingestEvents(batch(0, 0, 12));
        String create = java.nio.file.Files.readString(dir.resolve(SilverStage.TABLE)
                .resolve("_delta_log/00000000000000000000.json"));
        assertTrue(create.contains("\"delta.checkpointInterval\":\"100\""), create);
    }

    @Test
    void aFailingModelLeavesTheBatchToTheCatchUpWithoutFailingBronze() {
        WordScorer good = new WordScorer();
        boolean[] broken = {true};
        SentimentScorer flaky = new SentimentScorer() {
            @Override
            public List<Score> score(List<String> texts) {
                if (broken[0]) {
                    throw new IllegalStateException("model not loaded");
                }
                return good.score(texts);
            }

            @Override
            public String version() {
                return good.version();
            }
        };
        Pipeline p = pipelines.open(Settings.local(dir.toString()), flaky);
        var run = p.ingestEvents(batch(0, 0, 6));
        assertEquals(RunStatus.COMMITTED, run.status(), "Bronze is not held back by Silver");
        assertTrue(run.message().contains("model not loaded"), run.message());
        assertEquals(RunStatus.FAILED, p.silver().orElseThrow().catchUp().status());
        broken[0] = false;
        assertEquals(RunStatus.COMMITTED, p.silver().orElseThrow().catchUp().status());
        assertConverged(p);
    }

    @Test
    void silverConvergesAfterACrashBetweenTheBronzeAndSilverCommits() {
        // the "crash": batches land in Bronze by a process that never reaches its Silver commit
        Pipeline crashed = pipelines.open(Settings.local(dir.toString()));
        crashed.ingestEvents(batch(0, 0, 10));
        crashed.ingestEvents(batch(1, 0, 7));
        crashed.close();

        WordScorer scorer = new WordScorer();
        Pipeline p = pipelines.open(Settings.local(dir.toString()), scorer);
        // new batches of the same partitions: Silver is not in step, so the live path leaves them to the catch-up
        var r0 = p.ingestEvents(batch(0, 10, 20));
        assertTrue(r0.message().contains("catch-up"), r0.message());
        p.ingestEvents(batch(2, 0, 9)); // a new partition is in step: scored live
        assertEquals(6, p.lake().table(SilverStage.TABLE).readAll().size());

        var run = p.silver().orElseThrow().catchUp();
        assertEquals(RunStatus.COMMITTED, run.status(), run.toString());
        assertConverged(p);
        long version = p.lake().table(SilverStage.TABLE).version();
        assertEquals(RunStatus.SKIPPED, p.silver().orElseThrow().catchUp().status());
        assertEquals(version, p.lake().table(SilverStage.TABLE).version(), "a second catch-up commits nothing");

        // everything redelivered, live path in step again: nothing changes
        p.ingestEvents(batch(0, 0, 20));
        p.ingestEvents(batch(1, 0, 7));
        p.ingestEvents(batch(0, 20, 24));
        assertConverged(p);
    }
}
