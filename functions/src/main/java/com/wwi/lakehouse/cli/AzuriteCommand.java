package com.wwi.lakehouse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./lakehouse azurite}: the local storage {@code func start} needs (Blob, Queue and Table, as
 * {@code UseDevelopmentStorage=true} expects them), from the project's own npm install of Azurite
 * ({@code .tools/azurite}, installed on first use), telemetry off, in the foreground until stopped.
 */
@Command(name = "azurite", sortOptions = false,
        header = "Local Blob, Queue and Table storage for func start (Azurite from npm, telemetry off).",
        description = {"Runs Azurite from the project's .tools/azurite (npm installs it there on first use) with the",
                "Blob, Queue and Table services on 127.0.0.1, data under --location, until Ctrl-C. The Functions",
                "host's AzureWebJobsStorage=UseDevelopmentStorage=true and the landing connection of",
                "local.settings.azurite.json.example point at these ports (the defaults)."})
final class AzuriteCommand extends LakehouseCommand {
    /** The Azurite release the project installs (the build's azurite.version). */
    static final String VERSION = "3.35.0";

    @Option(names = "--location", paramLabel = "DIR", description = "Where Azurite keeps its data (default: ${DEFAULT-VALUE}).")
    Path location = Path.of(".azurite");
    @Option(names = "--blob-port", paramLabel = "P", description = "Blob service port (default: ${DEFAULT-VALUE}).")
    int blobPort = 10000;
    @Option(names = "--queue-port", paramLabel = "P", description = "Queue service port (default: ${DEFAULT-VALUE}).")
    int queuePort = 10001;
    @Option(names = "--table-port", paramLabel = "P", description = "Table service port (default: ${DEFAULT-VALUE}).")
    int tablePort = 10002;

    @Override
    void validate() {
        between("--blob-port", blobPort, 1, 65535);
        between("--queue-port", queuePort, 1, 65535);
        between("--table-port", tablePort, 1, 65535);
        if (blobPort == queuePort || blobPort == tablePort || queuePort == tablePort) {
            throw usage("the three ports must differ, got " + blobPort + ", " + queuePort + " and " + tablePort);
        }
        for (int port : List.of(blobPort, queuePort, tablePort)) {
            if (listening(port)) {
                throw usage("127.0.0.1:" + port + " is already in use (an Azurite running already?); pick another"
                        + " port with --blob-port, --queue-port or --table-port");
            }
        }
    }

    @Override
    int execute() {
        Path home = Main.home();
        Path bin = home.resolve(".tools/azurite/node_modules/.bin/azurite");
        try {
            if (!Files.isExecutable(bin)) {
                out.println("installing Azurite " + VERSION + " into .tools/azurite (npm, once)");
                Process npm = new ProcessBuilder("npm", "install", "--prefix", home.resolve(".tools/azurite").toString(),
                        "azurite@" + VERSION, "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error")
                        .inheritIO().start();
                if (npm.waitFor() != 0 || !Files.isExecutable(bin)) {
                    throw CliException.failure("azurite: npm could not install azurite@" + VERSION
                            + " (Node.js 20 and npm are needed)");
                }
            }
            Path data = location.isAbsolute() ? location : home.resolve(location);
            Files.createDirectories(data);
            List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                    "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(blobPort),
                    "--queueHost", "127.0.0.1", "--queuePort", String.valueOf(queuePort),
                    "--tableHost", "127.0.0.1", "--tablePort", String.valueOf(tablePort),
                    "--location", data.toString(), "--disableTelemetry", "--skipApiVersionCheck", "--silent"));
            Process azurite = new ProcessBuilder(cmd).inheritIO().start();
            Runtime.getRuntime().addShutdownHook(new Thread(azurite::destroy, "azurite-stop"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(listening(blobPort) && listening(queuePort) && listening(tablePort))) {
                if (!azurite.isAlive()) {
                    throw CliException.failure("azurite: Azurite exited at start (code " + azurite.exitValue() + ")");
                }
                if (System.nanoTime() > deadline) {
                    azurite.destroyForcibly();
                    throw CliException.failure("azurite: Azurite did not listen within 30 s");
                }
                Thread.sleep(100);
            }
            out.printf("Azurite %s: Blob 127.0.0.1:%d, Queue 127.0.0.1:%d, Table 127.0.0.1:%d, data in %s%n", VERSION,
                    blobPort, queuePort, tablePort, data);
            out.println("connection string: UseDevelopmentStorage=true (these are its default ports); Ctrl-C stops it");
            return azurite.waitFor() == 0 ? 0 : 1;
        } catch (IOException e) {
            throw CliException.failure("azurite: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
