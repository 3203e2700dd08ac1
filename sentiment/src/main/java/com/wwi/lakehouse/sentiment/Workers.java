package com.wwi.lakehouse.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * The threads a model runs its forward calls on, side by side: as many as the cores divided by the threads each
 * PyTorch operator uses ({@link DjlDefaults#intraOpThreads()}, 1 by default). On a sentence model's small matrices
 * (about 32 sequences × 17 tokens by 384) two one-core calls side by side do more than one call on two cores, which
 * spends its time starting and joining the cores on every operator: 1.2× in bfloat16 and int8 on a 2-core Sapphire
 * Rapids, the same in float32 (BENCHMARKS.md). Callers from several threads share the workers, so a model never
 * runs more forward calls at once than there are cores.
 */
public final class Workers implements AutoCloseable {
    /** Sequences below which a call is not split further to give every worker a share. */
    static final int MIN_SPLIT = 8;

    /** One micro-batch: the sequences {@code from} (inclusive) to {@code to} (exclusive) of the caller's order. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    private final int count;
    private final ExecutorService pool;

    /** Workers for this machine and engine setting, on daemon threads named {@code name-N}. */
    public Workers(String name) {
        this(count(Runtime.getRuntime().availableProcessors(), DjlDefaults.intraOpThreads()), name);
    }

    Workers(int count, String name) {
        this.count = count;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(count, r -> {
            Thread t = new WorkerThread(this, r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A thread of one pool: a range that calls {@link #run} again runs the nested work itself. */
    private static final class WorkerThread extends Thread {
        final Workers owner;

        WorkerThread(Workers owner, Runnable r, String name) {
            super(r, name);
            this.owner = owner;
        }
    }

    /** Forward calls at once: the cores divided by the threads each call's operators use, at least 1. */
    static int count(int cores, int intraOpThreads) {
        return Math.max(1, cores / Math.max(1, intraOpThreads));
    }

    /** Threads that run forward calls side by side. */
    public int count() {
        return count;
    }

    /**
     * How many micro-batches {@code n} sequences run as: enough that none exceeds {@code maxBatch}, and at least one
     * per worker while each keeps {@value #MIN_SPLIT} sequences; rounded up to a multiple of the workers where that
     * holds, so that they finish together.
     */
    static int microBatches(int n, int maxBatch, int workers) {
        int count = Math.max(1, (n + maxBatch - 1) / maxBatch);
        int most = Math.max(1, n / MIN_SPLIT);
        int rounded = (count + workers - 1) / workers * workers;
        return Math.max(count, Math.min(rounded, most));
    }

    /**
     * Runs {@code n} sequences (in the caller's order, sorted by length so that each micro-batch pads little) as
     * {@link #microBatches} even ranges on the workers, and returns when all are done. The first failure is thrown
     * (a runtime exception as it is); the ranges not started by then are cancelled. Called from one of these
     * workers (a range that runs more work), the ranges run one after the other on that thread: waiting for the
     * pool from inside it could wait forever.
     */
    public void run(int n, int maxBatch, Range range) {
        int parts = microBatches(n, maxBatch, count);
        if (Thread.currentThread() instanceof WorkerThread w && w.owner == this) {
            for (int k = 0; k < parts; k++) {
                range.run((int) ((long) n * k / parts), (int) ((long) n * (k + 1) / parts));
            }
            return;
        }
        List<Future<?>> running = new ArrayList<>(parts);
        try {
            for (int k = 0; k < parts; k++) {
                int from = (int) ((long) n * k / parts);
                int to = (int) ((long) n * (k + 1) / parts);
                running.add(pool.submit(() -> range.run(from, to)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("forward call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the model ran", e);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the model is closed", e);
        } finally {
            for (Future<?> f : running) {
                f.cancel(false);
            }
        }
    }

    /**
     * Runs {@code n} sequences ordered by {@code length}, so that each micro-batch pads little, as {@link #run} does;
     * each micro-batch is given the caller's indices of its sequences, shortest first.
     */
    public void runByLength(int n, IntUnaryOperator length, int maxBatch, Consumer<int[]> batch) {
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingInt(length::applyAsInt))
                .mapToInt(Integer::intValue).toArray();
        run(n, maxBatch, (from, to) -> batch.accept(Arrays.copyOfRange(order, from, to)));
    }

    /** Stops the threads; forward calls in flight finish first. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
