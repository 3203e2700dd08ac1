package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.progress.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How {@code ./lakehouse} shows long work ({@code LAKEHOUSE_PROGRESS}): on a terminal a bar with rate and ETA
 * (me.tongfei:progressbar) on stderr, which the report lines on stdout push down instead of breaking; otherwise
 * (a pipe, a CI log) a line on stderr every 10 s with count, rate and ETA, so that short work prints nothing extra
 * and stdout ({@code --json}) stays clean; or off.
 */
final class ProgressDisplay {
    enum Mode { BAR, LINES, OFF }

    /** Shared by the bar's redraws and the report's writes, so that neither cuts into the other's line. */
    private static final Object TERMINAL = new Object();
    private static int liveBars;
    private static final Duration LINE_EVERY = Duration.ofSeconds(10);

    private ProgressDisplay() {
    }

    /** The mode {@code LAKEHOUSE_PROGRESS} asks for (bar, lines, off); by default a bar on a terminal. */
    static Mode mode(String setting, boolean terminal) {
        if (setting == null || setting.isBlank()) {
            return terminal ? Mode.BAR : Mode.LINES;
        }
        return switch (setting.strip().toLowerCase(Locale.ROOT)) {
            case "bar" -> Mode.BAR;
            case "lines" -> Mode.LINES;
            case "off", "0", "false", "no" -> Mode.OFF;
            default -> throw CliException.usage("LAKEHOUSE_PROGRESS must be bar, lines or off, got '" + setting + "'");
        };
    }

    static Progress progress(Mode mode, PrintStream err) {
        return switch (mode) {
            case OFF -> Progress.NONE;
            case LINES -> (name, total, unit) -> new LineTask(name, total, unit, err, System.nanoTime());
            case BAR -> (name, total, unit) -> new BarTask(name, total, unit, err);
        };
    }

    /** The report's stdout for a mode: with bars, each line first clears the bar it lands on. */
    static PrintStream stdout(Mode mode) {
        if (mode != Mode.BAR) {
            return System.out;
        }
        OutputStream raw = new FileOutputStream(FileDescriptor.out);
        return new PrintStream(new OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return;
                }
                synchronized (TERMINAL) {
                    if (lineStart && liveBars > 0) {
                        raw.write("\r\033[2K".getBytes(StandardCharsets.US_ASCII));
                    }
                    raw.write(b, off, len);
                    lineStart = b[off + len - 1] == '\n';
                    raw.flush();
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** One bar, redrawn by the library's thread; dropped from the screen when the task ends. */
    private static final class BarTask implements Progress.Task {
        private final ProgressBar bar;
        private boolean closed;

        BarTask(String name, long total, String unit, PrintStream err) {
            int width = terminalWidth();
            ProgressBarConsumer consumer = new ProgressBarConsumer() {
                @Override
                public int getMaxRenderedLength() {
                    return width;
                }

                @Override
                public void accept(String rendered) {
                    synchronized (TERMINAL) {
                        err.print("\r" + rendered + "\033[K");
                        err.flush();
                    }
                }

                @Override
                public void clear() {
                    synchronized (TERMINAL) {
                        err.print("\r\033[2K");
                        err.flush();
                    }
                }

                @Override
                public void close() {
                }
            };
            synchronized (TERMINAL) {
                liveBars++;
            }
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total > 0 ? total : -1)
                    .setUnit(" " + unit, 1).showSpeed().setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .setConsumer(consumer).clearDisplayOnFinish().build();
        }

        @Override
        public void step(long n) {
            bar.stepBy(n);
        }

        @Override
        public void note(String text) {
            bar.setExtraMessage(text);
        }

        @Override
        public void close() {
            synchronized (TERMINAL) {
                if (closed) {
                    return;
                }
                closed = true;
                liveBars--;
            }
            bar.close();
        }
    }

    private static int terminalWidth() {
        try {
            int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").strip());
            return Math.max(40, Math.min(columns, 200)) - 1;
        } catch (NumberFormatException e) {
            return 99;
        }
    }

    /** Without a terminal: a line now and then, none for work shorter than {@link #LINE_EVERY}. */
    static final class LineTask implements Progress.Task {
        private final String name;
        private final long total;
        private final String unit;
        private final PrintStream err;
        private final long startNanos;
        private final AtomicLong done = new AtomicLong();
        private volatile String note = "";
        private long nextLineNanos;

        LineTask(String name, long total, String unit, PrintStream err, long startNanos) {
            this.name = name;
            this.total = total;
            this.unit = unit;
            this.err = err;
            this.startNanos = startNanos;
            this.nextLineNanos = startNanos + LINE_EVERY.toNanos();
        }

        @Override
        public void step(long n) {
            long d = done.addAndGet(n);
            long now = System.nanoTime();
            synchronized (this) {
                if (now < nextLineNanos) {
                    return;
                }
                nextLineNanos = now + LINE_EVERY.toNanos();
            }
            err.println(line(d, now));
        }

        /** "lakehouse: tweets 12,000/40,000 events (30%), 1,234 events/s, ETA 23 s (note)". */
        String line(long d, long now) {
            double secs = Math.max(1e-9, (now - startNanos) / 1e9);
            double rate = d / secs;
            StringBuilder sb = new StringBuilder("lakehouse: ").append(name).append(' ');
            if (total > 0) {
                sb.append(String.format(Locale.ROOT, "%,d/%,d %s (%d%%)", d, total, unit, Math.min(100, d * 100 / total)));
            } else {
                sb.append(String.format(Locale.ROOT, "%,d %s", d, unit));
            }
            sb.append(String.format(Locale.ROOT, ", %,.1f %s/s", rate, unit));
            if (total > 0 && rate > 0 && d < total) {
                sb.append(", ETA ").append(duration((long) Math.ceil((total - d) / rate)));
            }
            if (!note.isEmpty()) {
                sb.append(" (").append(note).append(')');
            }
            return sb.toString();
        }

        static String duration(long seconds) {
            if (seconds < 60) {
                return seconds + " s";
            }
            if (seconds < 3600) {
                return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
            }
            return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
        }

        @Override
        public void note(String text) {
            note = text == null ? "" : text;
        }

        @Override
        public void close() {
        }
    }
}
