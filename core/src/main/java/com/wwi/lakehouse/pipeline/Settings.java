package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.graph.LandingNode.Drift;
import com.wwi.lakehouse.ingest.BronzeIngest;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.lake.storage.LakeStorage;
import com.wwi.lakehouse.maintenance.MaintenanceOptions;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Pipeline settings, read from app settings / environment variables (names as in
 * {@code local.settings.json.example}; every name is declared in {@link Setting}). Unknown {@code LAKEHOUSE_*} names are
 * rejected so that a typo does not silently fall back to a default.
 *
 * @param lakeRoot      {@code LAKEHOUSE_LAKE}: lake root URI or local path
 * @param azureClientId {@code LAKEHOUSE_AZURE_CLIENT_ID}: user-assigned managed identity client id (optional)
 * @param azureCredential {@code LAKEHOUSE_AZURE_CREDENTIAL}: default | managed-identity | azure-cli | environment
 * @param chunkRows     {@code LAKEHOUSE_CHUNK_ROWS}: records per commit when landing a large file
 * @param maxRowsPerFile {@code LAKEHOUSE_MAX_ROWS_PER_FILE}: cap on rows per Parquet data file
 * @param vacuumRetention {@code LAKEHOUSE_VACUUM_RETENTION_HOURS}: the maintenance VACUUM deletes unreferenced files
 *                      older than this (7 days by default, at least 1 hour)
 * @param drift         {@code LAKEHOUSE_DRIFT}: drift policies by landing folder, replacing the graph's
 *                      ({@code tweets=evolve,campaigns=strict}); empty: the graph's own
 */
public record Settings(String lakeRoot, String azureClientId, String azureCredential, int chunkRows,
                       long maxRowsPerFile, Duration vacuumRetention, Map<String, Drift> drift) {
    public static final String LAKE = Setting.LAKE.key();
    public static final String AZURE_CLIENT_ID = Setting.AZURE_CLIENT_ID.key();
    public static final String AZURE_CREDENTIAL = Setting.AZURE_CREDENTIAL.key();
    public static final String CHUNK_ROWS = Setting.CHUNK_ROWS.key();
    public static final String MAX_ROWS_PER_FILE = Setting.MAX_ROWS_PER_FILE.key();
    public static final String VACUUM_RETENTION_HOURS = Setting.VACUUM_RETENTION_HOURS.key();
    public static final String DRIFT = Setting.DRIFT.key();

    public Settings {
        if (lakeRoot == null || lakeRoot.isBlank()) {
            throw new IllegalArgumentException(Errors.settingNotSet(LAKE,
                    "abfss://lake@<account>.dfs.core.windows.net/wwi or a local folder"));
        }
        if (chunkRows < 1) {
            throw new IllegalArgumentException(Errors.settingTooSmall(CHUNK_ROWS, chunkRows));
        }
        if (maxRowsPerFile < 1) {
            throw new IllegalArgumentException(Errors.settingTooSmall(MAX_ROWS_PER_FILE, maxRowsPerFile));
        }
        if (vacuumRetention == null) {
            vacuumRetention = MaintenanceOptions.DEFAULT_RETENTION;
        }
        if (vacuumRetention.compareTo(MaintenanceOptions.MIN_RETENTION) < 0) {
            throw new IllegalArgumentException(Errors.retentionTooShort(VACUUM_RETENTION_HOURS));
        }
        drift = drift == null ? Map.of() : Map.copyOf(drift);
    }

    public Settings(String lakeRoot, String azureClientId, String azureCredential, int chunkRows, long maxRowsPerFile,
                    Duration vacuumRetention) {
        this(lakeRoot, azureClientId, azureCredential, chunkRows, maxRowsPerFile, vacuumRetention, Map.of());
    }

    public Settings(String lakeRoot, String azureClientId, String azureCredential, int chunkRows, long maxRowsPerFile) {
        this(lakeRoot, azureClientId, azureCredential, chunkRows, maxRowsPerFile, MaintenanceOptions.DEFAULT_RETENTION);
    }

    public static Settings local(String lakeRoot) {
        return new Settings(lakeRoot, null, "default", BronzeIngest.DEFAULT_CHUNK_ROWS,
                DeltaLake.DEFAULT_MAX_ROWS_PER_FILE);
    }

    /** The same settings with these drift policies by landing folder (as {@code LAKEHOUSE_DRIFT} gives them). */
    public Settings withDrift(Map<String, Drift> policies) {
        return new Settings(lakeRoot, azureClientId, azureCredential, chunkRows, maxRowsPerFile, vacuumRetention,
                policies);
    }

    /** The drift policies {@code LAKEHOUSE_DRIFT} holds; one line naming what is wrong otherwise. */
    public static Map<String, Drift> drift(String value) {
        return Drift.parseOverrides(value, Arrays.stream(Dataset.values()).map(Dataset::folder).toList());
    }

    /** From environment-style settings. */
    public static Settings from(Map<String, String> env) {
        for (String k : env.keySet()) {
            if (Setting.ours(k) && Setting.named(k).isEmpty()) {
                throw new IllegalArgumentException(Errors.unknownSetting(k, Setting.keys()));
            }
        }
        return new Settings(env.get(LAKE), env.get(AZURE_CLIENT_ID), env.getOrDefault(AZURE_CREDENTIAL, "default"),
                intSetting(env, CHUNK_ROWS, BronzeIngest.DEFAULT_CHUNK_ROWS),
                intSetting(env, MAX_ROWS_PER_FILE, (int) DeltaLake.DEFAULT_MAX_ROWS_PER_FILE),
                hoursSetting(env, VACUUM_RETENTION_HOURS, MaintenanceOptions.DEFAULT_RETENTION),
                drift(env.get(DRIFT)));
    }

    private static Duration hoursSetting(Map<String, String> env, String key, Duration dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double h = Double.parseDouble(v.strip());
            if (!Double.isFinite(h) || h < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(h * 3_600_000d));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Errors.notHours(key, v));
        }
    }

    private static int intSetting(Map<String, String> env, String key, int dflt) {
        String v = env.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(Errors.notAWholeNumber(key, v));
        }
    }

    /** The storage settings this implies. */
    Map<String, String> storageSettings() {
        Map<String, String> m = new HashMap<>();
        if (azureClientId != null && !azureClientId.isBlank()) {
            m.put(LakeStorage.CLIENT_ID, azureClientId);
        }
        m.put(LakeStorage.CREDENTIAL, azureCredential == null ? "default" : azureCredential);
        return m;
    }
}
