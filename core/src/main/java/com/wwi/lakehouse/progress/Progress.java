package com.wwi.lakehouse.progress;

/** Where long work reports how far it is; {@link #NONE} when nobody watches. Thread-safe where the caller says so. */
@FunctionalInterface
public interface Progress {
    /** Nobody watches: every task is a no-op. */
    Progress NONE = (name, total, unit) -> Task.NONE;

    /**
     * A piece of work of {@code total} steps (0 or less when the count is not known up front) begins.
     *
     * @param name what is done, a few words ("maintain", "verify gold")
     * @param unit what a step is ("tables", "batches", "tweets")
     */
    Task start(String name, long total, String unit);

    /** One piece of work under way; closed when it ends (the watcher then drops its display). */
    interface Task extends AutoCloseable {
        Task NONE = new Task() {
            @Override
            public void step(long n) {
            }

            @Override
            public void note(String text) {
            }

            @Override
            public void close() {
            }
        };

        /** {@code n} more steps done. */
        void step(long n);

        /** One more step done. */
        default void step() {
            step(1);
        }

        /** What is being done right now (a table's name), shown beside the count. */
        void note(String text);

        @Override
        void close();
    }
}
