package com.wwi.lakehouse.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Serves the pipeline page over HTTP: {@code GET /} renders it afresh from the lake (read-only), anything else is
 * 404, any other method 405. One thread; bound to the given address (loopback unless the user asks otherwise).
 */
final class UiServer {
    private final HttpServer server;

    UiServer(InetAddress bind, int port, Supplier<String> page) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        server.createContext("/", exchange -> handle(exchange, page));
    }

    private static void handle(HttpExchange ex, Supplier<String> page) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET");
                return;
            }
            if (!ex.getRequestURI().getPath().equals("/")) {
                send(ex, 404, "text/plain", "not found: the page is at /");
                return;
            }
            String html;
            try {
                html = page.get();
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain", "cannot read the lake: " + Main.oneLine(String.valueOf(e.getMessage())));
                return;
            }
            send(ex, 200, "text/html; charset=utf-8", html);
        }
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : b.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    /** The port it listens on (the one asked for, or the one the system chose for 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /** Serves until the process is stopped. */
    void serveForever(PrintStream out, String url) throws InterruptedException {
        server.start();
        out.println("serving " + url + " (read-only; Ctrl-C stops)");
        out.flush();
        new CountDownLatch(1).await();
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }
}
