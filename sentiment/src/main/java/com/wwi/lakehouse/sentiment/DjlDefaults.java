package com.wwi.lakehouse.sentiment;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

/**
 * Safe DJL defaults, whatever the deployment set: offline (the engine and the model ship in the package, so
 * nothing is ever downloaded), no usage tracking, the native-library cache in the temporary folder (the
 * home folder of a Functions instance may not be writable), and one thread per PyTorch operator
 * ({@code ai.djl.pytorch.num_threads}; the encoder runs a forward call per core instead). A setting given as an environment variable
 * ({@code DJL_OFFLINE}, {@code OPT_OUT_TRACKING}, {@code DJL_CACHE_DIR}) or system property wins. Called before
 * DJL is first used.
 *
 * <p>The deployment package carries libtorch already extracted in a {@code libtorch} folder beside its {@code lib}
 * folder (see functions/pom.xml): when it is there, DJL loads it in place ({@code PYTORCH_LIBRARY_PATH}) instead of
 * copying 448 MB of native libraries out of the {@code pytorch-native-cpu} jar into its cache, which a new instance
 * would otherwise do on its first scored batch. A {@code PYTORCH_LIBRARY_PATH} given by the deployment wins.
 */
public final class DjlDefaults {
    private DjlDefaults() {
    }

    public static void apply() {
        setIfAbsent("DJL_OFFLINE", "ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", "DJL_CACHE_DIR", Path.of(System.getProperty("java.io.tmpdir"), "djl-cache").toString());
        if (System.getProperty(INTRA_OP_THREADS) == null) {
            System.setProperty(INTRA_OP_THREADS, "1");
        }
        if (System.getenv(LIBRARY_PATH) == null && System.getProperty(LIBRARY_PATH) == null) {
            shippedLibtorch(codeLocation()).ifPresent(dir -> System.setProperty(LIBRARY_PATH, dir.toString()));
        }
    }

    /** DJL's setting of the threads each PyTorch operator uses (read when the engine starts). */
    static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";

    /**
     * The threads each PyTorch operator runs on: {@value #INTRA_OP_THREADS} (1 by {@link #apply()}: the encoder runs
     * one forward call per core instead, see {@link MiniLmEncoder}); 0 where it is not a number.
     */
    public static int intraOpThreads() {
        try {
            return Integer.parseInt(System.getProperty(INTRA_OP_THREADS, "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** DJL's setting of a folder holding libtorch to load in place. */
    static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";

    /**
     * The package's extracted libtorch for a jar at {@code jar} (in the package's {@code lib} folder): the folder
     * {@code ../libtorch} when it holds libtorch and DJL's JNI library, else empty.
     */
    static Optional<Path> shippedLibtorch(Path jar) {
        if (jar == null || jar.getParent() == null || jar.getParent().getParent() == null) {
            return Optional.empty();
        }
        Path dir = jar.getParent().getParent().resolve("libtorch");
        return Files.isRegularFile(dir.resolve("libtorch.so")) && Files.isRegularFile(dir.resolve("libdjl_torch.so"))
                ? Optional.of(dir.toAbsolutePath()) : Optional.empty();
    }

    private static Path codeLocation() {
        try {
            CodeSource source = DjlDefaults.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null; // not from a file: DJL extracts as usual
        }
    }

    private static void setIfAbsent(String env, String property, String value) {
        if (System.getenv(env) == null && System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
