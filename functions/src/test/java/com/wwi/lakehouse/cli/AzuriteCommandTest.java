package com.wwi.lakehouse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./lakehouse azurite}: the three services on the ports asked for, from the project's Azurite, until stopped. */
class AzuriteCommandTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void installsTheAzuriteTheBuildTestsWith() throws Exception {
        Matcher m = Pattern.compile("<azurite.version>([^<]+)</azurite.version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find());
        assertEquals(m.group(1), AzuriteCommand.VERSION);
    }

    @Test
    void servesBlobQueueAndTableUntilStoppedAndRefusesABusyPort(@TempDir Path dir) throws Exception {
        int blob = freePort();
        int queue = freePort();
        int table = freePort();
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "azurite",
                "--location", dir.resolve("data").toString(), "--blob-port", String.valueOf(blob),
                "--queue-port", String.valueOf(queue), "--table-port", String.valueOf(table)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LAKEHOUSE_HOME", ROOT.toString());
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            String ready = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("connection string:")) {
                    ready = line;
                    break;
                }
            }
            assertTrue(ready != null, "Azurite started");
            assertTrue(AzuriteCommand.listening(blob) && AzuriteCommand.listening(queue) && AzuriteCommand.listening(table));

            CliTest.Result busy = CliTest.cli("azurite", "--blob-port", String.valueOf(blob),
                    "--queue-port", String.valueOf(freePort()), "--table-port", String.valueOf(freePort()));
            CliTest.assertOneLineError(busy, "already in use");
        } finally {
            p.destroy(); // the command's shutdown hook stops Azurite with it
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (AzuriteCommand.listening(blob) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(AzuriteCommand.listening(blob), "Azurite stopped with the command");
        assertTrue(Files.isDirectory(dir.resolve("data")));
    }
}
