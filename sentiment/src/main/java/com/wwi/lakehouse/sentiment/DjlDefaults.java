package com.wwi.lakehouse.sentiment;

import java.nio.file.Path;

/**
 * Safe DJL defaults, whatever the deployment set: offline (the engine and the model ship in the package, so
 * nothing is ever downloaded), no usage tracking, and the native-library cache in the temporary folder (the
 * home folder of a Functions instance may not be writable). A setting given as an environment variable
 * ({@code DJL_OFFLINE}, {@code OPT_OUT_TRACKING}, {@code DJL_CACHE_DIR}) or system property wins. Called before
 * DJL is first used.
 */
public final class DjlDefaults {
    private DjlDefaults() {
    }

    public static void apply() {
        setIfAbsent("DJL_OFFLINE", "ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", "DJL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "djl-cache").toString());
    }

    private static void setIfAbsent(String env, String property, String value) {
        if (System.getenv(env) == null && System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
