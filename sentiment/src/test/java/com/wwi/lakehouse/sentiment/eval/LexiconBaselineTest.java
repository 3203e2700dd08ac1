package com.wwi.lakehouse.sentiment.eval;

import com.wwi.lakehouse.sentiment.data.SentimentData;
import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.LexiconParityTest;
import com.wwi.lakehouse.sentiment.lexicon.Vader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lexicon baselines on each held-out source: the numbers the model has to beat. */
class LexiconBaselineTest {
    @Test
    void baselinesOnEachSource() throws Exception {
        SentimentData data = SentimentData.fetch(LexiconParityTest.dataDir());
        Map<String, List<SentimentData.Labeled>> sentences = data.sentences();
        Afinn afinn = Afinn.load(data.sentimentPackage());
        Vader vader = Vader.load(data.vaderPackage());
        List<Evaluation.Result> results = new ArrayList<>();
        results.addAll(Evaluation.perSource("AFINN-165", sentences, t -> Integer.signum(afinn.score(t))));
        results.addAll(Evaluation.perSource("VADER", sentences, t -> Evaluation.vaderClass(vader.compound(t))));
        System.out.print(Evaluation.table(results));
        assertEquals(6, results.size());
        for (Evaluation.Result r : results) {
            assertTrue(r.accuracy() > 0.55 && r.accuracy() < 0.95, r.toString());
            assertTrue(r.neutralShare() < 0.35, r.toString());
            assertTrue(r.sentences() >= 990, r.toString());
        }
    }
}
