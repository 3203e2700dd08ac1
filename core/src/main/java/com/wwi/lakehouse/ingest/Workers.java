package com.wwi.lakehouse.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that parse slices of large batches and write the quarantine's files while the Bronze files are
 * written: daemon threads, as many as cores (at least two), idle ones end after a minute. Every task is a leaf (it
 * waits for no other task), so when batches of many partitions fill the pool, tasks only queue.
 */
final class Workers {
    static final ExecutorService POOL = pool();

    private Workers() {
    }

    private static ThreadPoolExecutor pool() {
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "bronze-worker");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
