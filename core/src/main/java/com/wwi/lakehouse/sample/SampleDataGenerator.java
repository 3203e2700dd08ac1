package com.wwi.lakehouse.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Writes deterministic sample data for the lab's five landing formats under one output directory:
 * <pre>
 *   tweets/part-00000.json ...            JSON lines, 10,000 per file       (10,000 tweets x scale)
 *   campaigns/campaign-data2.csv          22 columns, header                (max(8, 39 x scale) rows)
 *   churn/CustomerChurnData.csv           Telco churn shape, header         (7,000 x scale)
 *   store-transactions/dbo.SalesTransData.txt   all fields quoted, CRLF     (10,000 x scale)
 *   sales/SalesDataAfterCampaign.csv      Quantity,Advert,Price,Brand       (2,000 x scale)
 * </pre>
 * Large CSV datasets are split ({@code campaign-data2.csv}, {@code campaign-data2-00001.csv}, ...; see
 * {@link SampleDataset#fileName(int)}). The same {@code (scale, seed)} gives byte-identical files. Files are streamed
 * through a buffered writer one record at a time; memory use does not grow with the scale. Only the files named
 * here are (over)written; nothing is deleted, so files left by an earlier, larger run stay in place.
 */
public final class SampleDataGenerator {

    /** The largest scale accepted (100 million tweets). */
    public static final double MAX_SCALE = 10_000;

    /** Progress is reported every this many records of a dataset, and once when a dataset is done. */
    public static final long PROGRESS_EVERY = 100_000;

    private static final int WRITE_BUFFER_CHARS = 1 << 16;

    private SampleDataGenerator() {
    }

    /**
     * Generates all five datasets.
     *
     * @param outDir   output directory; created if missing
     * @param scale    size factor, {@code 0 < scale <= 10000}; 1 gives about 10,000 tweets, fractions allowed
     * @param seed     random seed; the same seed and scale give the same bytes
     * @param progress receives lines such as {@code "tweets: 200000/1000000"}; may be null
     * @return counts, total bytes and the files written
     * @throws IllegalArgumentException for a bad scale or an output directory that cannot be written
     * @throws IOException              when writing fails part way
     */
    public static Summary generate(Path outDir, double scale, long seed, Consumer<String> progress) throws IOException {
        checkScale(scale);
        if (outDir == null) {
            throw new IllegalArgumentException("output directory must not be null");
        }
        Consumer<String> report = progress == null ? s -> { } : progress;
        prepare(outDir, scale);

        List<Path> files = new ArrayList<>();
        long[] counts = new long[SampleDataset.values().length];
        long bytes = 0;
        for (SampleDataset dataset : SampleDataset.values()) {
            long rows = dataset.rows(scale);
            LineSource source = dataset.newSource(seed);
            Path dir = outDir.resolve(dataset.folder());
            long written = 0;
            for (int part = 0; part < dataset.fileCount(rows); part++) {
                Path file = dir.resolve(dataset.fileName(part));
                long inFile = Math.min(dataset.maxRowsPerFile(), rows - written);
                written = writeFile(file, dataset, source, inFile, written, rows, report);
                files.add(file);
                bytes += Files.size(file);
            }
            counts[dataset.ordinal()] = written;
            report.accept(progressLine(dataset, written, rows));
        }
        return new Summary(counts[SampleDataset.TWEETS.ordinal()], counts[SampleDataset.CAMPAIGNS.ordinal()],
                counts[SampleDataset.CHURN.ordinal()], counts[SampleDataset.STORE_TRANSACTIONS.ordinal()],
                counts[SampleDataset.SALES.ordinal()], bytes, files);
    }

    /**
     * Writes one file of {@code records} records from {@code source} (with the dataset's header, if it has one),
     * replacing the file if it exists. Returns {@code doneBefore + records}; reports progress every
     * {@link #PROGRESS_EVERY} records of the dataset.
     */
    static long writeFile(Path file, SampleDataset dataset, LineSource source, long records, long doneBefore, long total,
                          Consumer<String> report) throws IOException {
        long done = doneBefore;
        try (Writer out = openWriter(file)) {
            if (dataset.header() != null) {
                writeLine(out, dataset.header(), dataset);
            }
            for (long i = 0; i < records; i++) {
                writeLine(out, source.nextLine(), dataset);
                done++;
                if (done % PROGRESS_EVERY == 0 && done < total) {
                    report.accept(progressLine(dataset, done, total));
                }
            }
        }
        return done;
    }

    /** A UTF-8 buffered writer that creates or truncates {@code file}. */
    public static Writer openWriter(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), StandardCharsets.UTF_8),
                WRITE_BUFFER_CHARS);
    }

    /** Writes one record line (without terminator) followed by the dataset's line terminator. */
    public static void writeLine(Writer out, String line, SampleDataset dataset) throws IOException {
        out.write(line);
        out.write(dataset.lineSeparator());
    }

    private static String progressLine(SampleDataset dataset, long done, long total) {
        return dataset.folder() + ": " + done + "/" + total;
    }

    private static void checkScale(double scale) {
        if (!(scale > 0) || scale > MAX_SCALE || Double.isNaN(scale)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "scale must be greater than 0 and at most %.0f, got %s", MAX_SCALE, scale));
        }
    }

    /**
     * Creates the output directory and the five dataset folders, and checks that every file to be written can be:
     * a folder or file that is in the way, or a directory that cannot be written, is an IllegalArgumentException.
     */
    private static void prepare(Path outDir, double scale) {
        Path target;
        try {
            target = outDir.toAbsolutePath().normalize();
        } catch (InvalidPathException | java.io.IOError e) {
            throw new IllegalArgumentException("cannot write to " + outDir + ": " + oneLine(e.getMessage()));
        }
        // the nearest existing ancestor must be a directory
        Path existing = target;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IllegalArgumentException("cannot write to " + outDir + ": " + existing + " is a file, not a directory");
        }
        for (SampleDataset dataset : SampleDataset.values()) {
            Path dir = target.resolve(dataset.folder());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write to " + outDir + ": " + reason(e), e);
            } catch (SecurityException e) {
                throw new IllegalArgumentException("cannot write to " + outDir + ": " + oneLine(e.getMessage()), e);
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("cannot write to " + outDir + ": " + dir + " is not a directory");
            }
            if (!Files.isWritable(dir)) {
                throw new IllegalArgumentException("cannot write to " + dir + ": Permission denied");
            }
            for (String name : dataset.fileNames(dataset.rows(scale))) {
                Path file = dir.resolve(name);
                if (Files.isDirectory(file)) {
                    throw new IllegalArgumentException("cannot write to " + file + ": it is a directory");
                }
                if (Files.exists(file) && !Files.isWritable(file)) {
                    throw new IllegalArgumentException("cannot write to " + file + ": Permission denied");
                }
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + oneLine(f.getReason());
        }
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /**
     * Command line: {@code SampleDataGenerator <outDir> [--scale S] [--seed N]} (defaults: scale 1, seed 42).
     * Prints progress and a one-line summary.
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        double scale = 1;
        long seed = 42;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> out = Path.of(args[i]);
            }
        }
        if (out == null) {
            System.err.println("usage: SampleDataGenerator <outDir> [--scale S] [--seed N]");
            System.exit(2);
        }
        long start = System.nanoTime();
        Summary s = generate(out, scale, seed, System.out::println);
        System.out.printf(Locale.ROOT, "%d tweets, %d campaigns, %d churn, %d store transactions, %d sales;"
                        + " %d files, %d bytes in %.1f s%n", s.tweets(), s.campaigns(), s.churn(),
                s.storeTransactions(), s.sales(), s.files().size(), s.bytes(), (System.nanoTime() - start) / 1e9);
    }
}
