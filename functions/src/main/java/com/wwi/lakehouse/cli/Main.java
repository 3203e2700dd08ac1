package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.functions.PipelineHolder;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeException;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Setting;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import com.wwi.lakehouse.silver.LazyScorer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./lakehouse <command> [options]}: the commands are picocli {@link picocli.CommandLine.Command}s (one class
 * each, in {@link PipelineCommands}, {@link LakeCommands}, {@link BenchCommands}, {@link SentimentCommands},
 * {@link SendCommand}); {@code ./lakehouse help} lists them and {@code ./lakehouse COMMAND --help} explains one.
 * Every user error is one line "lakehouse: ..." with exit 2 (usage) or 1 (failure).
 */
public final class Main {
    private Main() {
    }

    /** The root command: only its subcommands do work. */
    @Command(name = "./lakehouse", sortOptions = false, usageHelpAutoWidth = true,
            description = {"The Wide World Importers lakehouse pipeline, run locally: the same functions Azure runs."},
            subcommands = {PipelineCommands.Demo.class, PipelineCommands.Generate.class, PipelineCommands.Run.class,
                    PipelineCommands.Refresh.class, DryRunCommand.class, ExportSqlCommand.class, PipelineCommands.Chaos.class, LakeCommands.Status.class,
                    LakeCommands.Ui.class, LakeCommands.Verify.class, LakeCommands.Maintain.class,
                    QuarantineCommands.Group.class,
                    BenchCommands.Bench.class, SentimentCommands.Train.class, SentimentCommands.Eval.class,
                    SendCommand.class, AzuriteCommand.class, CommandLine.HelpCommand.class},
            footer = {"", "The lake is a local folder or abfss://<container>@<account>.dfs.core.windows.net/<path>.",
                    "Long work shows progress on stderr (LAKEHOUSE_PROGRESS=bar|lines|off); ./lakehouse COMMAND --help"
                            + " for a command's options."})
    static final class Root extends LakehouseCommand {
        @Override
        int execute() {
            throw usage("which command? (./lakehouse help)");
        }
    }

    /**
     * Library loggers that speak up on their own in front of our one-line errors: msal4j warns at every managed
     * identity probe, Hadoop's FileSystem and the Azure SDK log the failure we report anyway. A -D flag still wins.
     */
    private static void quietLibraries() {
        for (String[] p : new String[][]{{"com.microsoft.aad.msal4j", "off"}, {"com.azure", "error"}, {"com.azure.identity", "off"}, {"com.azure.core.amqp", "off"}, {"com.azure.messaging.eventhubs", "off"},
                {"org.apache.hadoop.fs.FileSystem", "error"}, {"org.apache.hadoop.fs.azurebfs", "error"},
                {"ai.djl.util.cuda.CudaUtils", "error"}, {"org.apache.hadoop.util.NativeCodeLoader", "error"}}) {
            String key = "org.slf4j.simpleLogger.log." + p[0];
            if (System.getProperty(key) == null) {
                System.setProperty(key, p[1]);
            }
        }
    }

    public static void main(String[] args) {
        quietLibraries();
        int code;
        PrintStream out = System.out;
        try {
            ProgressDisplay.Mode mode = ProgressDisplay.mode(System.getenv(Setting.PROGRESS.key()), System.console() != null);
            out = ProgressDisplay.stdout(mode);
            code = run(Arrays.asList(args), out, ProgressDisplay.progress(mode, System.err));
            PipelineHolder.closeIfOpen();
        } catch (CliException e) {
            System.err.println("lakehouse: " + e.getMessage());
            code = e.exitCode;
        } catch (LakeException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("lakehouse: " + oneLine(e.getMessage()));
            debug(e);
            code = 1;
        } catch (OutOfMemoryError e) {
            System.err.println("lakehouse: out of memory with a heap of " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB: give the JVM more, e.g. LAKEHOUSE_JAVA_OPTS=-Xmx" + Math.max(2,
                    2 * ((Runtime.getRuntime().maxMemory() >> 30) + 1)) + "g (BENCHMARKS.md says what needs how much);"
                    + " what was committed before stays committed");
            code = 1;
        } catch (Exception | Error e) { // RuntimeExceptions, and checked ones libraries throw undeclared
            System.err.println("lakehouse: unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                    + " (set LAKEHOUSE_DEBUG=1 for the stack trace)");
            debug(e);
            code = 1;
        }
        out.flush();
        System.out.flush();
        System.exit(code);
    }

    static void debug(Throwable e) {
        if (System.getenv(Setting.DEBUG.key()) != null) {
            e.printStackTrace();
        }
    }

    static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        String first = s.strip().lines().findFirst().orElse("");
        return first.length() > 500 ? first.substring(0, 500) + "..." : first;
    }

    /** Runs a command without progress display; returns the exit code. Throws {@link CliException} for user errors. */
    static int run(List<String> argv, PrintStream out) {
        return run(argv, out, Progress.NONE);
    }

    /**
     * Parses the arguments (a usage error names what is wrong), prints help where it is asked for (exit 0; the list
     * of commands with exit 2 when no command is given), validates the command's options, then runs it.
     */
    static int run(List<String> argv, PrintStream out, Progress progress) {
        CommandLine root = new CommandLine(new Root());
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        root.setOut(writer);
        root.setErr(writer);
        root.setUsageHelpWidth(100);
        if (argv.isEmpty()) {
            root.usage(writer);
            writer.flush();
            return 2;
        }
        CommandLine.ParseResult parsed;
        try {
            parsed = root.parseArgs(argv.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw CliException.usage(Usage.message(e));
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            writer.flush();
            return 0;
        }
        CommandLine.ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        LakehouseCommand command = leaf.commandSpec().commandLine().getCommand();
        command.out = out;
        command.progress = progress;
        command.name = Usage.name(leaf.commandSpec());
        return command.call();
    }

    /** A table as a user names it: its path ({@code gold/campaign_per_week}) or Spark's dotted form, stripped. */
    static String tablePath(String name) {
        return name.strip().replaceFirst("^(bronze|silver|gold|_system)\\.", "$1/");
    }

    static Path home() {
        String h = System.getenv(Setting.HOME.key());
        return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    static Pipeline openLake(String lake) {
        return openLake(lake, true);
    }

    /**
     * The command line that runs {@code ./lakehouse args} in a new JVM: this one's java and class path, DJL offline,
     * libraries quiet, then {@code jvmOptions}. For the commands that start processes of their own (chaos, bench
     * writers).
     */
    static List<String> inNewJvm(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        cmd.addAll(jvmOptions);
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** Opens the lake for the functions of this JVM; with the sentiment model when Silver is to run. */
    static Pipeline openLake(String lake, boolean withModel) {
        if (!lake.contains("://")) {
            Path p = Path.of(lake);
            try {
                Files.createDirectories(p);
                Path probe = Files.createTempFile(p, ".write-probe", "");
                Files.delete(probe);
            } catch (IOException | SecurityException e) {
                throw CliException.failure("cannot write to lake " + lake + ": " + describe(e));
            }
        }
        Pipeline pipeline;
        try {
            pipeline = Pipeline.open(settings(lake),
                    withModel ? new LazyScorer(
                            () -> SentimentModels.fromSettings(System.getenv()))
                            : null);
        } catch (Exception e) { // Delta Standalone throws checked I/O exceptions undeclared
            throw cloudFailure(lake, e);
        }
        PipelineHolder.use(pipeline, null, LandingStore.AfterIngest.KEEP);
        return pipeline;
    }

    /**
     * The settings of a command's lake: a local folder, or {@code abfss://} signed in as
     * {@code LAKEHOUSE_AZURE_CREDENTIAL} (and {@code LAKEHOUSE_AZURE_CLIENT_ID}) say, {@code default} otherwise; the
     * drift policies {@code LAKEHOUSE_DRIFT} names replace the graph's.
     */
    static Settings settings(String lake) {
        Settings local = Settings.local(lake);
        String credential = System.getenv(Settings.AZURE_CREDENTIAL);
        return new Settings(lake, System.getenv(Settings.AZURE_CLIENT_ID),
                credential == null || credential.isBlank() ? "default" : credential.strip(), local.chunkRows(),
                local.maxRowsPerFile(), local.vacuumRetention(), Settings.drift(System.getenv(Settings.DRIFT)));
    }

    /** The lab's graph with the drift policies {@code LAKEHOUSE_DRIFT} names in place of its own (what a run uses). */
    static PipelineGraph graph() {
        return LabGraph.GRAPH.withDrift(Settings.drift(System.getenv(Settings.DRIFT)));
    }

    /** A failure to open or read a lake, as one line; for {@code abfss://}, naming the cloud cause and its fix. */
    static CliException cloudFailure(String lake, Exception e) {
        if (e instanceof CliException c) {
            return c;
        }
        if (lake.contains("://")) {
            return CliException.failure(CloudErrors.describe("opening the lake " + lake, e));
        }
        return CliException.failure(oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a folder";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder cannot be created there";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason() + " (" + fse.getFile() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The lake at {@code lake} opened to read only; "no lake at ..." when nothing is there. Creates nothing. */
    static Lake existingLake(String command, String lake) {
        if (!lake.contains("://") && !Files.isDirectory(Path.of(lake))) {
            throw CliException.usage(command + ": no lake at " + lake + " (run ./lakehouse demo or ./lakehouse run first)");
        }
        try {
            return Pipeline.openExisting(settings(lake));
        } catch (LakeException e) {
            if (lake.contains("://") && e.getCause() != null) {
                throw cloudFailure(lake, e);
            }
            throw CliException.failure(command + ": " + oneLine(e.getMessage()));
        } catch (Exception e) { // Delta Standalone and ABFS throw checked I/O exceptions undeclared
            throw cloudFailure(lake, e);
        }
    }
}
