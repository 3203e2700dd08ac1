package com.wwi.lakehouse.testing;

import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.silver.SentimentScorer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Opens pipelines for a test and closes them after it (flushing their event logs before the temporary folder
 * goes away). Use as {@code @RegisterExtension final Pipelines pipelines = new Pipelines();}.
 */
public final class Pipelines implements AfterEachCallback {
    private final List<Pipeline> opened = new ArrayList<>();

    public Pipeline open(String lake) {
        return open(Settings.local(lake));
    }

    public Pipeline open(Settings settings) {
        return open(settings, null);
    }

    public Pipeline open(Settings settings, SentimentScorer scorer) {
        return open(settings, scorer, LabGraph.GRAPH);
    }

    public Pipeline open(Settings settings, SentimentScorer scorer,
                         PipelineGraph graph) {
        Pipeline p = Pipeline.open(settings, scorer, graph);
        opened.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        opened.forEach(Pipeline::close);
        opened.clear();
    }
}
