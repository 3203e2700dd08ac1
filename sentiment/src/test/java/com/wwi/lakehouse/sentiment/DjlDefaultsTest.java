package com.wwi.lakehouse.sentiment;

import ai.djl.util.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** DJL is offline unless a deployment says otherwise, as DJL itself reads it. */
class DjlDefaultsTest {
    @Test
    void offlineByDefaultAndAGivenSettingWins() {
        assumeTrue(System.getenv("DJL_OFFLINE") == null, "the environment decides here");
        String before = System.getProperty("ai.djl.offline");
        try {
            System.clearProperty("ai.djl.offline");
            assertFalse(Utils.isOfflineMode(), "DJL alone would go online");
            DjlDefaults.apply();
            assertEquals("true", System.getProperty("ai.djl.offline"));
            assertTrue(Utils.isOfflineMode());

            System.setProperty("ai.djl.offline", "false");
            DjlDefaults.apply();
            assertEquals("false", System.getProperty("ai.djl.offline"), "an explicit setting is kept");
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", before);
            }
        }
        assertTrue(System.getenv("DJL_CACHE_DIR") != null || System.getProperty("DJL_CACHE_DIR") != null);
    }

    @Test
    void thePackagesExtractedLibtorchIsUsedOnlyWhenItIsComplete(@TempDir Path app) throws Exception {
        Path jar = app.resolve("lib").resolve("lakehouse-sentiment.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        assertEquals(Optional.empty(), DjlDefaults.shippedLibtorch(jar), "no libtorch folder: DJL extracts as usual");
        Path libtorch = Files.createDirectories(app.resolve("libtorch"));
        Files.writeString(libtorch.resolve("libtorch.so"), "");
        assertEquals(Optional.empty(), DjlDefaults.shippedLibtorch(jar), "without the JNI library it is not used");
        Files.writeString(libtorch.resolve("libdjl_torch.so"), "");
        assertEquals(Optional.of(libtorch.toAbsolutePath()), DjlDefaults.shippedLibtorch(jar));
        assertEquals(Optional.empty(), DjlDefaults.shippedLibtorch(Path.of("x.jar")), "a jar with no folder above");
    }
}
