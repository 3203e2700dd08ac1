package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.sentiment.MiniLmScript;
import com.wwi.lakehouse.sentiment.eval.Evaluation;
import com.wwi.lakehouse.sentiment.head.HeadTrainer;
import com.wwi.lakehouse.sentiment.training.TrainSentiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The sentiment model's commands: train-sentiment and eval-sentiment. */
final class SentimentCommands {
    private SentimentCommands() {
    }

    /** Both commands: the labeled sentences, fetched from npm into a project folder. */
    abstract static class SentimentCommand extends LakehouseCommand {
        @Option(names = "--data", paramLabel = "DIR", description = "Where the labeled sentences are fetched to (default: .tools/sentiment-data).")
        Path data;

        abstract boolean train();

        List<MiniLmScript.Precision> precisions() {
            return List.of();
        }

        Path file() {
            return null;
        }

        @Override
        int execute() {
            Path dir = data != null ? data : Main.home().resolve(".tools/sentiment-data");
            try {
                long t0 = System.nanoTime();
                out.println("labeled sentences: UCI Sentiment Labelled Sentences (amazon, imdb, yelp), fetched into " + dir);
                var results = TrainSentiment.evaluate(dir, HeadTrainer.Config.defaults(), out, progress,
                        precisions());
                out.println();
                out.println("leave-one-source-out (train on two sources, test on the third); neutral answers count as wrong");
                out.print(Evaluation.table(results));
                if (train()) {
                    Path target = file() != null ? file() : Main.home().resolve("sentiment/src/main/resources/sentiment-head.json");
                    var head = TrainSentiment.trainAll(dir, HeadTrainer.Config.defaults(), target, out);
                    out.printf("%nwrote the head trained on all sources to %s (neutral below %.2f); rebuild to ship it%n",
                            target, head.neutralThreshold());
                }
                out.printf("(%.1f s)%n", (System.nanoTime() - t0) / 1e9);
                return 0;
            } catch (IOException e) {
                throw CliException.failure(name + ": " + Main.oneLine(e.getMessage()));
            }
        }
    }

    @Command(name = "train-sentiment", sortOptions = false,
            header = "Evaluate and train the sentiment head (DJL on PyTorch).",
            description = {"Fetch the labeled sentences (npm), evaluate leave-one-source-out, train the sentiment head",
                    "with DJL on PyTorch on all of them and write its parameters."})
    static final class Train extends SentimentCommand {
        @Option(names = "--out", paramLabel = "FILE", description = "Where the head goes (default: sentiment/src/main/resources/sentiment-head.json).")
        Path headFile;

        @Override
        boolean train() {
            return true;
        }

        @Override
        Path file() {
            return headFile;
        }
    }

    @Command(name = "eval-sentiment", sortOptions = false,
            header = "The sentiment accuracy table: model, AFINN and VADER.",
            description = {"The leave-one-source-out accuracy table: the model, AFINN and VADER baselines."})
    static final class Eval extends SentimentCommand {
        @Option(names = "--precision", paramLabel = "P[,P...]", split = ",",
                description = "Also the model encoding the held-out source in these precisions (int8, bfloat16), "
                        + "its heads trained on float32 as the shipped head is.")
        List<String> precision = List.of();

        @Override
        void validate() {
            for (String p : precision) {
                if (!List.of("float32", "int8", "bfloat16").contains(p)) {
                    throw usage("--precision " + p + ": not one of float32, int8, bfloat16");
                }
            }
        }

        @Override
        List<MiniLmScript.Precision> precisions() {
            return precision.stream().map(p -> MiniLmScript.Precision.of(p, null)).toList();
        }

        @Override
        boolean train() {
            return false;
        }
    }
}
