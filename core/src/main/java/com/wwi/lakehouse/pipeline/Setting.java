package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.landing.LandingStores;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every {@code LAKEHOUSE_*} setting, declared once: its name, who reads it, its default and what it means. A setting
 * the catalog does not know stops the app ({@link Settings#from}), so a typo never falls back to a default; tests
 * check that the README's settings table, {@code local.settings.json.example} and the Bicep template name only
 * settings of this catalog, and the README every one of them. To add a setting: a constant here, then read it where
 * it is used (through {@link #key()}), then a row in the README's table.
 */
public enum Setting {
    LAKE("LAKEHOUSE_LAKE", Scope.APP, null, "the lake root: abfss://<container>@<account>.dfs.core.windows.net/<path> or a local folder"),
    AZURE_CLIENT_ID("LAKEHOUSE_AZURE_CLIENT_ID", Scope.APP, null, "client id of the user-assigned managed identity"),
    AZURE_CREDENTIAL("LAKEHOUSE_AZURE_CREDENTIAL", Scope.APP, "default", "default, managed-identity, azure-cli or environment"),
    CHUNK_ROWS("LAKEHOUSE_CHUNK_ROWS", Scope.APP, String.valueOf(BronzeIngest.DEFAULT_CHUNK_ROWS), "records per commit when landing a large file"),
    MAX_ROWS_PER_FILE("LAKEHOUSE_MAX_ROWS_PER_FILE", Scope.APP, String.valueOf(DeltaLake.DEFAULT_MAX_ROWS_PER_FILE), "cap on rows per Parquet data file"),
    VACUUM_RETENTION_HOURS("LAKEHOUSE_VACUUM_RETENTION_HOURS", Scope.APP, String.valueOf(MaintenanceOptions.DEFAULT_RETENTION.toHours()), "VACUUM deletes unreferenced files older than this (at least 1)"),
    LANDING_CONTAINER(LandingStores.CONTAINER, Scope.APP, LandingStores.DEFAULT_CONTAINER, "the container files land in"),
    LANDING_API(LandingStores.API, Scope.APP, LandingStores.DEFAULT_API, "dfs (atomic renames, hierarchical namespace) or blob"),
    AFTER_INGEST("LAKEHOUSE_AFTER_INGEST", Scope.APP, LandingStore.AfterIngest.ARCHIVE.name().toLowerCase(Locale.ROOT), "archive (move landed files to archive/ or rejected/) or keep"),
    DRIFT("LAKEHOUSE_DRIFT", Scope.APP, null, "schema drift policy per landing dataset, replacing the graph's: folder=policy pairs, e.g. tweets=evolve,campaigns=strict (rescue, evolve or strict)"),
    SWEEP_SCHEDULE("LAKEHOUSE_SWEEP_SCHEDULE", Scope.APP, null, "NCRONTAB of the landing sweep"),
    SILVER_SCHEDULE("LAKEHOUSE_SILVER_SCHEDULE", Scope.APP, null, "NCRONTAB of the Silver catch-up"),
    GOLD_SCHEDULE("LAKEHOUSE_GOLD_SCHEDULE", Scope.APP, null, "NCRONTAB of the Gold refresh"),
    MAINTENANCE_SCHEDULE("LAKEHOUSE_MAINTENANCE_SCHEDULE", Scope.APP, null, "NCRONTAB of the table maintenance"),
    CHECK_SCHEDULE("LAKEHOUSE_CHECK_SCHEDULE", Scope.APP, null, "NCRONTAB of the pipeline check (the dry run; each worker also runs it once when it starts)"),
    TWEETS_HUB("LAKEHOUSE_TWEETS_HUB", Scope.APP, null, "the Event Hub of tweets"),
    TWEETS_CONSUMER_GROUP("LAKEHOUSE_TWEETS_CONSUMER_GROUP", Scope.APP, null, "its consumer group"),
    SENTIMENT_MODEL("LAKEHOUSE_SENTIMENT_MODEL", Scope.APP, "bundled", "bundled, or the path of a TorchScript classifier"),
    SENTIMENT_TOKENIZER("LAKEHOUSE_SENTIMENT_TOKENIZER", Scope.APP, null, "the classifier's tokenizer.json"),
    SENTIMENT_LABELS("LAKEHOUSE_SENTIMENT_LABELS", Scope.APP, null, "the classifier's labels in logit order"),
    SENTIMENT_NEUTRAL_BELOW("LAKEHOUSE_SENTIMENT_NEUTRAL_BELOW", Scope.APP, null, "a probability under which a label is Neutral"),
    SENTIMENT_PRECISION("LAKEHOUSE_SENTIMENT_PRECISION", Scope.APP, "auto", "the bundled encoder's arithmetic: auto (bfloat16 on a CPU with AMX-BF16 or AVX512-BF16, else float32), float32, int8 or bfloat16"),
    SENTIMENT_CACHE("LAKEHOUSE_SENTIMENT_CACHE", Scope.APP, "50000", "scores of distinct texts the bundled model keeps for later batches (0: none)"),
    DEBUG("LAKEHOUSE_DEBUG", Scope.CLI, null, "set to print stack traces"),
    PROGRESS("LAKEHOUSE_PROGRESS", Scope.CLI, null, "bar (default on a terminal), lines (default otherwise: one line per 10 s on stderr) or off"),
    JAVA_OPTS("LAKEHOUSE_JAVA_OPTS", Scope.CLI, null, "JVM options of ./lakehouse"),
    HOME("LAKEHOUSE_HOME", Scope.CLI, null, "where ./lakehouse finds the project (set by the launcher)");

    /** Who reads a setting. */
    public enum Scope {
        /** The function app (app settings in Azure, {@code local.settings.json} locally) and the CLI. */
        APP,
        /** Only the {@code ./lakehouse} command line. */
        CLI
    }

    private final String key;
    private final Scope scope;
    private final String dflt;
    private final String description;

    Setting(String key, Scope scope, String dflt, String description) {
        this.key = key;
        this.scope = scope;
        this.dflt = dflt;
        this.description = description;
    }

    /** The name, e.g. {@code LAKEHOUSE_LAKE}. */
    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }

    /** The value when unset, if there is one. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(dflt);
    }

    public String description() {
        return description;
    }

    /** The setting of that name (exact, as app settings are). */
    public static Optional<Setting> named(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /** Every name, sorted. */
    public static Set<String> keys() {
        return Arrays.stream(values()).map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether a name is one of this project's ({@code LAKEHOUSE_*}, any case): then it must be in the catalog. */
    static boolean ours(String key) {
        return key.toUpperCase(Locale.ROOT).startsWith("LAKEHOUSE_");
    }
}
