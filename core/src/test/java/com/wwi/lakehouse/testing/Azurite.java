package com.wwi.lakehouse.testing;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Azurite Blob service for tests, started from the project's npm install ({@code .tools/azurite}, which
 * the build installs with npm) on a free loopback port, in a temporary workspace, telemetry off. Stopped by {@link #close}.
 */
public final class Azurite implements AutoCloseable {
    /** Azurite's well-known development account (public, documented; not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    private static Azurite shared;

    /** One Azurite for the whole test JVM, stopped when the JVM exits; with a client on it. */
    public static synchronized Azurite shared() throws IOException, InterruptedException {
        if (shared == null) {
            shared = start();
            Azurite a = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(a::close, "azurite-stop"));
        }
        return shared;
    }

    /** A Blob service client on this Azurite. */
    public BlobServiceClient client() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    public static Azurite start() throws IOException, InterruptedException {
        Path bin = locate();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path workspace = Files.createTempDirectory("azurite");
        Process p = new ProcessBuilder(List.of(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--disableTelemetry", "--silent", "--skipApiVersionCheck",
                "--location", workspace.toString()))
                .redirectErrorStream(true).redirectOutput(workspace.resolve("azurite.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("Azurite exited at start: " + Files.readString(workspace.resolve("azurite.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Azurite(p, port);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IOException("Azurite did not listen on 127.0.0.1:" + port + " within 30 s");
    }

    private static Path locate() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bin = dir.resolve(".tools/azurite/node_modules/.bin/azurite-blob");
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new IOException("Azurite is not installed; the build installs it (npm install --prefix .tools/azurite"
                + " azurite@3.35.0), or run that command from the project root" + File.separator);
    }

    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + blobEndpoint() + ";";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
