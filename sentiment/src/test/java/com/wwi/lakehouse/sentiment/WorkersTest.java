package com.wwi.lakehouse.sentiment;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How work is shared out to the forward-call threads. */
class WorkersTest {
    @Test
    void countIsTheCoresOverTheOperatorThreads() {
        assertEquals(2, Workers.count(2, 1));
        assertEquals(1, Workers.count(2, 2));
        assertEquals(1, Workers.count(2, 4));
        assertEquals(4, Workers.count(8, 2));
        assertEquals(2, Workers.count(2, 0), "unset: one thread per operator");
    }

    @Test
    void microBatchesGiveEveryWorkerAShareAndNeverExceedTheCap() {
        assertEquals(1, Workers.microBatches(1, 32, 2));
        assertEquals(1, Workers.microBatches(15, 32, 2), "too few to split");
        assertEquals(2, Workers.microBatches(16, 32, 2));
        assertEquals(4, Workers.microBatches(100, 32, 2));
        assertEquals(32, Workers.microBatches(1000, 32, 2));
        assertEquals(33, Workers.microBatches(1000, 32, 3));
        assertEquals(4, Workers.microBatches(100, 32, 1), "one worker: only the cap splits");
        for (int n = 1; n <= 2000; n++) {
            for (int w = 1; w <= 4; w++) {
                int parts = Workers.microBatches(n, 32, w);
                assertTrue(parts >= 1 && parts <= n, n + " on " + w);
                assertTrue((n + parts - 1) / parts <= 32, n + " on " + w + ": " + parts + " parts exceed the cap");
            }
        }
    }

    @Test
    void runCoversEveryIndexOnceSideBySide() throws Exception {
        try (Workers w = new Workers(2, "test")) {
            int n = 1000;
            AtomicInteger[] seen = new AtomicInteger[n];
            for (int i = 0; i < n; i++) {
                seen[i] = new AtomicInteger();
            }
            ConcurrentHashMap<String, Boolean> threads = new ConcurrentHashMap<>();
            CountDownLatch both = new CountDownLatch(2);
            w.run(n, 32, (from, to) -> {
                threads.put(Thread.currentThread().getName(), true);
                both.countDown();
                try {
                    both.await(10, TimeUnit.SECONDS); // holds until the second worker has a range too
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = from; i < to; i++) {
                    seen[i].incrementAndGet();
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i].get(), "index " + i);
            }
            assertEquals(2, threads.size(), "" + threads.keySet());
            assertTrue(threads.keySet().stream().allMatch(t -> t.startsWith("test-")));
        }
    }

    @Test
    void runByLengthGivesEachIndexOnceShortestFirstWithinTheCap() {
        try (Workers w = new Workers(2, "test")) {
            int n = 100;
            int[] length = new int[n];
            for (int i = 0; i < n; i++) {
                length[i] = (i * 37) % 50;
            }
            int[] seen = new int[n];
            java.util.List<int[]> batches = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            w.runByLength(n, i -> length[i], 32, idx -> {
                batches.add(idx);
                for (int i : idx) {
                    synchronized (seen) {
                        seen[i]++;
                    }
                }
            });
            assertEquals(4, batches.size());
            for (int i = 0; i < n; i++) {
                assertEquals(1, seen[i], "index " + i);
            }
            for (int[] idx : batches) {
                assertTrue(idx.length <= 32);
                for (int j = 1; j < idx.length; j++) {
                    assertTrue(length[idx[j - 1]] <= length[idx[j]], "shortest first");
                }
            }
        }
    }

    @Test
    void aRangeThatRunsMoreWorkDoesNotWaitForItself() throws Exception {
        try (Workers w = new Workers(1, "test")) { // one thread: a nested wait on the pool would never end
            AtomicInteger inner = new AtomicInteger();
            var done = java.util.concurrent.CompletableFuture.runAsync(() -> w.run(40, 8, (from, to) ->
                    w.run(to - from, 2, (a, b) -> inner.addAndGet(b - a))));
            done.get(10, TimeUnit.SECONDS);
            assertEquals(40, inner.get());
        }
    }

    @Test
    void aFailureReachesTheCallerAsItIs() {
        try (Workers w = new Workers(2, "test")) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.run(100, 32, (from, to) -> {
                if (from == 0) {
                    throw new IllegalArgumentException("bad batch");
                }
            }));
            assertEquals("bad batch", e.getMessage());
            w.run(10, 32, (from, to) -> { }); // still usable
        }
        Workers closed = new Workers(1, "test");
        closed.close();
        var e = assertThrows(IllegalStateException.class, () -> closed.run(10, 32, (from, to) -> { }));
        assertEquals("the model is closed", e.getMessage());
    }
}
