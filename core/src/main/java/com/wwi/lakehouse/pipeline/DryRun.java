package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.SchemaChange;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableUse;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.lake.storage.LakeStorage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The dry run: everything a run would meet, checked without writing anything. Plan: the settings, the graph, the
 * storage, every declared table, the sentiment model, in that order. Execute: each step gives one or more
 * {@link Check}s, handed to a listener as they come (the CLI prints them, the app logs them), so a slow step
 * (a model load, a far storage account) shows where it is. Metrics: each check's duration, and the counts of
 * problems and notes. Nothing is committed, no table or folder is created; the one write is the storage probe,
 * which deletes its file and checks that it is gone ({@link Lake#probeWrite}).
 *
 * <p>A table is checked against what the code will write to it: the columns ({@link SchemaChange}: a type change,
 * a dropped or moved column, a new required column are problems; nullable columns the next run adds, or that the
 * table has beyond the code's, are notes), the partition columns, and the protocol for every use the stages make of
 * it ({@link LakeTable#refusal}).
 */
public final class DryRun {
    /** A check's outcome. */
    public enum Status {
        /** As it should be. */
        OK,
        /** Worth knowing, not in the way (a table the first run creates, a column it adds). */
        NOTE,
        /** In the way: the run would fail or write what it should not; the detail says what to do. */
        PROBLEM
    }

    /** Where the settings come from, which decides what must be set. */
    public enum Source {
        /** A function app's settings ({@code local.settings.json}, app settings): its triggers' settings are needed. */
        APP,
        /** The environment of {@code ./lakehouse}: only the lake, and what is set must be valid. */
        SHELL
    }

    /**
     * One line of the checklist.
     *
     * @param subject what was checked: "settings", a setting's name, "graph", "storage", a table's path, "model"
     * @param detail  what was found; for a problem, what is wrong and the fix
     * @param millis  how long the check took
     */
    public record Check(String subject, Status status, String detail, long millis) {
        /** The checklist line: ✓ (ok), • (note) or ✗ (problem), the subject, the detail, the time when 1 s or more. */
        public String line() {
            String mark = switch (status) {
                case OK -> "✓";
                case NOTE -> "•";
                case PROBLEM -> "✗";
            };
            return mark + " " + subject + ": " + detail + (millis >= 1000 ? String.format(Locale.ROOT,
                    " (%.1f s)", millis / 1000.0) : "");
        }
    }

    /** The whole checklist. */
    public record Report(List<Check> checks) {
        public Report {
            checks = List.copyOf(checks);
        }

        public long problems() {
            return checks.stream().filter(c -> c.status() == Status.PROBLEM).count();
        }

        public long notes() {
            return checks.stream().filter(c -> c.status() == Status.NOTE).count();
        }

        public boolean ok() {
            return problems() == 0;
        }
    }

    /** Loads the sentiment model and scores a text; returns one line saying what loaded, or throws why it did not. */
    @FunctionalInterface
    public interface ModelProbe {
        String probe() throws Exception;
    }

    /** Thrown by a model probe that does not load the model on purpose; the check is then a note saying why. */
    public static final class ModelNotLoaded extends Exception {
        public ModelNotLoaded(String why) {
            super(why);
        }
    }

    /** A probe that leaves the model unloaded, noted with {@code why}. */
    public static ModelProbe skipModel(String why) {
        return () -> {
            throw new ModelNotLoaded(why);
        };
    }

    /**
     * Who the storage probe signs in as when not as the settings say: a function app's settings checked from a
     * workstation name the app's managed identity, which only exists in Azure.
     *
     * @param credential {@code default}, {@code azure-cli}, {@code environment} or {@code managed-identity}
     * @param clientId   a user-assigned identity's client id, or null
     */
    public record SignIn(String credential, String clientId) {
        String describe() {
            return credential + (clientId == null || clientId.isBlank() ? "" : " (client id " + clientId + ")");
        }
    }

    private final Map<String, String> settings;
    private final Source source;
    private SignIn signIn;
    private final Supplier<PipelineGraph> graph;
    private final ModelProbe model;
    private final Consumer<Check> listener;
    private final List<Check> checks = new ArrayList<>();

    private DryRun(Map<String, String> settings, Source source, Supplier<PipelineGraph> graph, ModelProbe model,
                   Consumer<Check> listener) {
        this.settings = settings;
        this.source = source;
        this.graph = graph;
        this.model = model;
        this.listener = listener;
    }

    /**
     * Runs every check.
     *
     * @param settings the settings as the app or {@code ./lakehouse} would read them
     * @param graph    the declared graph (a supplier, so a graph that fails its own validation is a problem here)
     * @param model    the model probe
     * @param listener gets each check as it is made (may be a no-op)
     */
    public static Report run(Map<String, String> settings, Source source, Supplier<PipelineGraph> graph,
                             ModelProbe model, Consumer<Check> listener) {
        return run(settings, source, null, graph, model, listener);
    }

    /** As above, the storage probe signing in as {@code signIn} instead of as the settings say (when not null). */
    public static Report run(Map<String, String> settings, Source source, SignIn signIn, Supplier<PipelineGraph> graph,
                             ModelProbe model, Consumer<Check> listener) {
        DryRun d = new DryRun(settings, source, graph, model, listener);
        d.signIn = signIn;
        d.execute();
        return new Report(d.checks);
    }

    private void execute() {
        boolean settingsOk = settings();
        PipelineGraph g = graph();
        Optional<Lake> lake = settingsOk || lakeSettingUsable() ? storage() : skipped("storage",
                "not checked: the lake setting has a problem");
        if (lake.isPresent() && g != null) {
            tables(lake.get(), g);
        } else {
            skipped("tables", "not checked: " + (lake.isEmpty() ? "the lake cannot be reached" : "no graph"));
        }
        model();
    }

    private void add(String subject, Status status, String detail, long startNanos) {
        Check c = new Check(subject, status, detail, (System.nanoTime() - startNanos) / 1_000_000);
        checks.add(c);
        listener.accept(c);
    }

    private Optional<Lake> skipped(String subject, String why) {
        add(subject, Status.NOTE, why, System.nanoTime());
        return Optional.empty();
    }

    // ------------------------------------------------------------------ settings

    private boolean settings() {
        long t0 = System.nanoTime();
        List<SettingsCheck.Finding> findings = SettingsCheck.check(settings, source);
        long ours = settings.keySet().stream().filter(Setting::ours).count();
        long problems = findings.stream().filter(SettingsCheck.Finding::problem).count();
        for (SettingsCheck.Finding f : findings) {
            add(f.name(), f.problem() ? Status.PROBLEM : Status.NOTE, f.text(), t0);
        }
        long defaults = Arrays.stream(Setting.values())
                .filter(s -> (source == Source.SHELL || s.scope() == Setting.Scope.APP)
                        && s.defaultValue().isPresent() && !settings.containsKey(s.key()))
                .count();
        // the summary: a note when problems were found (each is its own line already, counted once)
        add("settings", problems == 0 ? Status.OK : Status.NOTE, ours + " LAKEHOUSE_* set, " + defaults
                + " left at their defaults" + (problems == 0 ? (source == Source.APP
                ? "; every value valid, the triggers' schedules, hub and connections set" : "; every value valid") : "; " + problems + " problem" + (problems == 1 ? "" : "s")
                + " above"), t0);
        return problems == 0;
    }

    private boolean lakeSettingUsable() {
        String lake = settings.get(Setting.LAKE.key());
        return lake != null && !lake.isBlank()
                && SettingsCheck.value(Setting.LAKE, lake.strip(), settings).isEmpty();
    }

    // ------------------------------------------------------------------ graph

    private PipelineGraph graph() {
        long t0 = System.nanoTime();
        PipelineGraph g;
        try {
            g = graph.get();
        } catch (IllegalArgumentException | ExceptionInInitializerError e) {
            Throwable c = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            add("graph", Status.PROBLEM, String.valueOf(c.getMessage()), t0);
            return null;
        }
        try { // the drift policies a run would use: the graph's, with LAKEHOUSE_DRIFT's in their place
            g = g.withDrift(Settings.drift(settings.get(Setting.DRIFT.key())));
        } catch (IllegalArgumentException e) {
            // the settings check names it; the graph's own policies stand
        }
        long gold = g.gold().size();
        add("graph", Status.OK, g.landings().size() + " landings, " + g.tables().size() + " tables (" + gold
                + " Gold); every input is declared and there is no cycle; drift " + String.join(", ", g.landings()
                .stream().map(l -> l.dataset().folder() + " " + l.drift().label()).toList()), t0);
        return g;
    }

    // ------------------------------------------------------------------ storage

    private Optional<Lake> storage() {
        long t0 = System.nanoTime();
        String root = settings.get(Setting.LAKE.key()).strip();
        Settings s = signIn != null ? new Settings(root, signIn.clientId(), signIn.credential(), 1, 1)
                : new Settings(root, settings.get(Setting.AZURE_CLIENT_ID.key()),
                settings.getOrDefault(Setting.AZURE_CREDENTIAL.key(), "default"), 1, 1);
        String identity = !root.contains("://") ? "as the local user" : signIn == null ? "signed in as " + identity()
                : "signed in as " + signIn.describe() + " from this machine (the app signs in as " + identity()
                + "; its own check, PipelineCheck, runs as that)";
        try {
            DeltaLake lake = DeltaLake.open(root, LakeStorage.hadoopConfiguration(root, s.storageSettings()),
                    DeltaLake.DEFAULT_MAX_ROWS_PER_FILE);
            String dir = lake.probeWrite();
            boolean exists = dir.equals(lake.root());
            add("storage", Status.OK, lake.root() + " reachable and writable " + identity + " (a probe file written,"
                    + " read back and deleted" + (exists ? "" : " in " + dir + "; the lake folder does not exist yet and"
                    + " the first run creates it") + ")", t0);
            return Optional.of(lake);
        } catch (RuntimeException e) {
            add("storage", Status.PROBLEM, oneLine(e.getMessage()) + "; check that " + root + " is right"
                    + (root.contains("://") ? " and that the identity (" + (signIn == null ? identity()
                    : signIn.describe() + ", this machine's sign-in") + ") holds Storage Blob Data Contributor on it"
                    : " and writable by this user"), t0);
            return Optional.empty();
        }
    }

    private String identity() {
        String mode = settings.getOrDefault(Setting.AZURE_CREDENTIAL.key(), "default");
        String id = settings.get(Setting.AZURE_CLIENT_ID.key());
        return (mode.isBlank() ? "default" : mode.strip()) + (id == null || id.isBlank() ? "" : " (client id " + id.strip() + ")");
    }

    // ------------------------------------------------------------------ tables

    private void tables(Lake lake, PipelineGraph g) {
        long t0 = System.nanoTime();
        Set<String> declared = new LinkedHashSet<>();
        List<String> absent = new ArrayList<>();
        for (TableNode node : g.tables()) {
            declared.add(node.path());
            if (!table(lake, node)) {
                absent.add(node.path());
            }
        }
        if (!absent.isEmpty()) {
            int n = absent.size();
            add("tables", Status.NOTE, n + " declared table" + (n == 1 ? " does" : "s do") + " not exist yet"
                    + (n <= 3 ? " (" + String.join(", ", absent) + ")" : "") + "; the pipeline creates "
                    + (n == 1 ? "it" : "each") + " on its first write", t0);
        }
        t0 = System.nanoTime();
        try {
            for (String other : lake.listTables()) {
                if (!declared.contains(other)) {
                    add(other, Status.NOTE, "a table the graph does not declare: the pipeline leaves it alone", t0);
                }
            }
        } catch (RuntimeException e) {
            add("tables", Status.PROBLEM, "cannot list the lake's tables: " + oneLine(e.getMessage()), t0);
        }
    }

    /** Checks one declared table; false when it does not exist yet. */
    private boolean table(Lake lake, TableNode node) {
        long t0 = System.nanoTime();
        LakeTable t = lake.table(node.path());
        try {
            if (!t.exists()) {
                return false;
            }
            List<String> problems = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            Set<TableUse> uses = uses(node);
            TableSchema schema = t.schema();
            SchemaChange change = SchemaChange.between(schema, node.schema());
            switch (change.kind()) {
                case INCOMPATIBLE -> problems.add("its schema differs from the code's: " + String.join("; ",
                        change.problems()) + "; migrate the table (or move it away and run ./lakehouse refresh"
                        + " --full-refresh " + node.path() + ")");
                case ADDS_COLUMNS -> {
                    notes.add("the next run adds nullable column" + plural(change.columns()) + " "
                            + String.join(", ", change.columns()) + " (one metadata commit; older rows read null)");
                    uses.add(TableUse.ALTER);
                }
                case HAS_MORE_COLUMNS -> notes.add(node.follows() == Follows.LANDING
                        // a Bronze table that gained columns (drift policy evolve, or another engine's ADD COLUMNS)
                        ? "the table has column" + plural(change.columns()) + " " + String.join(", ", change.columns())
                        + " after the declared ones (schema drift): records fill " + (change.columns().size() == 1
                        ? "it" : "them") + " from source fields of that name, other rows read null"
                        : "the table has column" + plural(change.columns()) + " "
                        + String.join(", ", change.columns()) + " that the code does not write: rows the pipeline"
                        + " lands have " + (change.columns().size() == 1 ? "it" : "them") + " null");
                case SAME -> {
                }
            }
            List<String> parts = t.partitionColumns();
            if (!lower(parts).equals(lower(node.partitionBy()))) {
                problems.add("it is partitioned by " + (parts.isEmpty() ? "nothing" : parts) + ", the code writes it by "
                        + (node.partitionBy().isEmpty() ? "nothing" : node.partitionBy()) + "; rebuild it with"
                        + " ./lakehouse refresh --full-refresh " + node.path());
            }
            Set<String> refusals = new LinkedHashSet<>();
            for (TableUse u : uses) {
                t.refusal(u).ifPresent(refusals::add);
            }
            problems.addAll(refusals);
            String what = "v" + t.version() + ", protocol " + t.protocol();
            if (!problems.isEmpty()) {
                add(node.path(), Status.PROBLEM, what + ": " + String.join("; ", problems), t0);
            } else if (!notes.isEmpty()) {
                add(node.path(), Status.NOTE, what + ": " + String.join("; ", notes), t0);
            } else {
                add(node.path(), Status.OK, what + ", schema and partitioning as the code writes them", t0);
            }
        } catch (RuntimeException e) {
            add(node.path(), Status.PROBLEM, oneLine(e.getMessage()), t0);
        }
        return true;
    }

    /** What the stages do to a table of this kind (the maintenance compacts, vacuums and checkpoints every one). */
    static Set<TableUse> uses(TableNode node) {
        Set<TableUse> uses = EnumSet.of(TableUse.READ, TableUse.COMPACT, TableUse.VACUUM, TableUse.CHECKPOINT);
        switch (node.follows()) {
            case LANDING, SCORED, APPEND, SYSTEM -> uses.add(TableUse.APPEND);
            case SUMS -> {
                uses.add(TableUse.APPEND);
                uses.add(TableUse.REWRITE);
            }
            case RECOMPUTE -> uses.add(TableUse.REWRITE);
        }
        return uses;
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    private static String plural(List<?> l) {
        return l.size() == 1 ? "" : "s";
    }

    // ------------------------------------------------------------------ model

    private void model() {
        long t0 = System.nanoTime();
        try {
            add("model", Status.OK, model.probe(), t0);
        } catch (ModelNotLoaded e) {
            add("model", Status.NOTE, e.getMessage(), t0);
        } catch (Exception | LinkageError e) { // a native library that will not load is an Error
            add("model", Status.PROBLEM, "the sentiment model does not load: " + oneLine(String.valueOf(
                    e.getMessage())) + "; check " + Setting.SENTIMENT_MODEL.key() + " (bundled, or a TorchScript"
                    + " file with its tokenizer and labels)", t0);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "(no message)" : s.strip().lines().findFirst().orElse("");
    }
}
