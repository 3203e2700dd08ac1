package com.wwi.lakehouse.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.pipeline.DryRun;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Setting;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import com.wwi.lakehouse.silver.SentimentScorer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The dry run ({@link DryRun}, what {@code ./lakehouse dry-run --settings} checks) on the app's own settings, twice
 * over:
 * <ul>
 *   <li>at start-up: the first invocation a worker process gets starts it on a background thread
 *       ({@link #startOnce}), so it runs after the host's app initialisation (Flex Consumption gives that 30 s, and
 *       the model load alone may take several) and never delays or fails an invocation; each check is a line on the
 *       worker's stdout (problems on stderr), which the host forwards to Application Insights; it leaves the model
 *       unloaded (a note says so), since most instances only land files and never score;</li>
 *   <li>on {@code LAKEHOUSE_CHECK_SCHEDULE} (e.g. daily at 03:15 UTC), as the {@code PipelineCheck} timer: the same lines through the invocation's logger
 *       (problems at SEVERE, notes at WARNING), and any problem fails the invocation with the count, so it shows as
 *       a failed function to alert on.</li>
 * </ul>
 * It writes nothing but the storage probe, which it deletes; the model it loads is the one Silver then uses.
 * (The Java library's {@code @TimerTrigger} has no {@code runOnStartup}, hence the first-use thread.)
 */
public class StartupCheck {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    @FunctionName("PipelineCheck")
    public void run(@TimerTrigger(name = "timer", schedule = "%LAKEHOUSE_CHECK_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        run(System.getenv(), probe(PipelineHolder.scorer()), context);
    }

    /** The timer's work on these settings and model probe. */
    static void run(Map<String, String> settings, DryRun.ModelProbe model, ExecutionContext context) {
        DryRun.Report r = check(settings, model, line -> context.getLogger().log(line.level(), line.text()));
        if (!r.ok()) {
            throw new IllegalStateException("pipeline check: " + r.problems() + " problem(s); see the log lines"
                    + " marked ✗, or run ./lakehouse dry-run --settings with the app's settings");
        }
    }

    /**
     * Starts the check of this process's app settings on a daemon thread, the first time only; later calls return
     * at once. Its lines go to {@code System.out} (problems to {@code System.err}).
     */
    static void startOnce(Map<String, String> settings) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                check(settings, DryRun.skipModel("not loaded by the start-up check, so an instance that only lands"
                        + " files never pays for it; the PipelineCheck timer (" + Setting.CHECK_SCHEDULE.key()
                        + ") loads it and scores a text, as Silver's first batch does"), line -> (line.level()
                        == Level.SEVERE ? System.err : System.out).println("[start-up check] " + line.text()));
            } catch (RuntimeException | LinkageError e) {
                System.err.println("[start-up check] did not complete: " + e);
            }
        }, "lakehouse-startup-check");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** A line of the check's log. */
    record Line(Level level, String text) {
    }

    /** Runs the dry run on app settings, logging each check as it is made. */
    static DryRun.Report check(Map<String, String> settings, DryRun.ModelProbe model, Consumer<Line> log) {
        DryRun.Report r = DryRun.run(settings, DryRun.Source.APP, () -> LabGraph.GRAPH, model, c -> {
            Level level = switch (c.status()) {
                case OK -> Level.INFO;
                case NOTE -> Level.WARNING;
                case PROBLEM -> Level.SEVERE;
            };
            log.accept(new Line(level, c.line()));
        });
        log.accept(new Line(r.ok() ? Level.INFO : Level.SEVERE, "pipeline check: " + (r.ok() ? "ready"
                : r.problems() + " problem(s)") + ", " + r.notes() + " note(s), " + r.checks().size() + " checks"));
        return r;
    }

    /** The model probe of settings: loads the model they name (through {@link SentimentModels}) and scores a text. */
    public static DryRun.ModelProbe modelProbe(Map<String, String> settings) {
        return () -> probe(SentimentModels.fromSettings(settings)).probe();
    }

    /** Scores one text with {@code scorer}: what loaded, the label it gave and how long it took. */
    static DryRun.ModelProbe probe(SentimentScorer scorer) {
        return () -> {
            String text = "what a great campaign, I love it";
            SentimentScorer.Score s = scorer.score(List.of(text)).get(0);
            return scorer.version() + " loaded and scored \"" + text + "\" as " + s.label() + String.format(
                    Locale.ROOT, " (P(positive) %.2f)", s.positiveProbability());
        };
    }
}
