package com.wwi.lakehouse.functions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app's own dry run: each check a log line at its level, a failed invocation when anything is wrong. */
class StartupCheckTest {
    @TempDir
    Path dir;

    private Map<String, String> appSettings() {
        Map<String, String> s = new HashMap<>();
        s.put("LAKEHOUSE_LAKE", dir.resolve("lake").toString());
        s.put("AzureWebJobsStorage", "UseDevelopmentStorage=true");
        s.put("LandingStorage__blobServiceUri", "https://wwilake.blob.core.windows.net");
        s.put("LandingStorage__queueServiceUri", "https://wwilake.queue.core.windows.net");
        s.put("TweetsEventHub__fullyQualifiedNamespace", "wwi-tweets.servicebus.windows.net");
        s.put("LAKEHOUSE_TWEETS_HUB", "tweets");
        s.put("LAKEHOUSE_TWEETS_CONSUMER_GROUP", "$Default");
        s.put("LAKEHOUSE_SWEEP_SCHEDULE", "0 */15 * * * *");
        s.put("LAKEHOUSE_SILVER_SCHEDULE", "0 */5 * * * *");
        s.put("LAKEHOUSE_GOLD_SCHEDULE", "0 */10 * * * *");
        s.put("LAKEHOUSE_MAINTENANCE_SCHEDULE", "0 30 * * * *");
        s.put("LAKEHOUSE_CHECK_SCHEDULE", "0 15 3 * * *");
        return s;
    }

    @Test
    void aReadyAppLogsEachCheckAndPasses() {
        TestContext context = new TestContext("PipelineCheck");
        StartupCheck.run(appSettings(), () -> "a model", context);
        assertTrue(context.logged.stream().anyMatch(r -> r.getLevel() == Level.INFO
                && r.getMessage().startsWith("✓ storage: ")), messages(context));
        assertTrue(context.logged.stream().anyMatch(r -> r.getMessage().equals("✓ model: a model")), messages(context));
        assertTrue(context.logged.stream().noneMatch(r -> r.getLevel() == Level.SEVERE), messages(context));
        assertFalse(Files.exists(dir.resolve("lake")), "nothing created");
    }

    @Test
    void aProblemIsASevereLineAndFailsTheInvocation() {
        Map<String, String> s = appSettings();
        s.put("LAKEHOUSE_GOLD_SCHEDULE", "00:10:00");
        s.put("LAKEHOUSE_VACUUM_RETENTON_HOURS", "24");
        TestContext context = new TestContext("PipelineCheck");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StartupCheck.run(s, () -> {
            throw new IllegalStateException("no such file /home/site/model.pt");
        }, context));
        assertEquals("pipeline check: 3 problem(s); see the log lines marked ✗, or run ./lakehouse dry-run --settings"
                + " with the app's settings", e.getMessage(), messages(context));
        for (String expected : new String[]{"✗ LAKEHOUSE_GOLD_SCHEDULE: \"00:10:00\" is a TimeSpan",
                "✗ LAKEHOUSE_VACUUM_RETENTON_HOURS: is not a setting of this pipeline (did you mean"
                        + " LAKEHOUSE_VACUUM_RETENTION_HOURS?)",
                "✗ model: the sentiment model does not load: no such file /home/site/model.pt"}) {
            assertTrue(context.logged.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                    && r.getMessage().startsWith(expected)), expected + " in " + messages(context));
        }
    }

    private static String messages(TestContext c) {
        return c.logged.stream().map(LogRecord::getMessage).toList().toString();
    }
}
