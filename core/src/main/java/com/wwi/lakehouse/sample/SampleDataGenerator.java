package com.wwi.lakehouse.sample;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOError;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * here are (over)written; nothing is deleted, so files left by an earlier, larger run stay in place. On request a
 * share of each dataset's records is replaced by corrupted lines ({@link BadRecordKind}) for testing ingestion; the
 * {@link Summary} counts them per dataset and kind.
 */
public final class SampleDataGenerator {

    /** The largest scale accepted (100 million tweets). */
    public static final double MAX_SCALE = 10_000;

    /** Progress is reported every this many records of a dataset, and once when a dataset is done. */
    public static final long PROGRESS_EVERY = 100_000;

    /** The largest share of bad records accepted. */
    public static final double MAX_BAD_FRACTION = 0.5;

    private static final int WRITE_BUFFER_CHARS = 1 << 16;
    private static final int WRITE_BUFFER_BYTES = 1 << 16;

    private SampleDataGenerator() {
    }

    /**
     * Generates all five datasets, without bad records: the same as {@link #generate(Path, double, long, double,
     * Consumer) generate(outDir, scale, seed, 0, progress)}.
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
        return generate(outDir, scale, seed, 0, progress);
    }

    /**
     * Generates all five datasets, replacing {@code badFraction} of each dataset's records with corrupted lines.
     * Per dataset, {@code round(records x badFraction)} records (at least one when {@code badFraction > 0}) are
     * chosen deterministically from the seed, and each is replaced by a bad line of one of the dataset's
     * {@link BadRecordKind#forDataset kinds}, dealt evenly. A bad line is still exactly one non-blank line without
     * NUL bytes (only {@link BadRecordKind#INVALID_UTF8} lines are not UTF-8), headers are never corrupted, and
     * every other record, and every file's line count, is the same as with {@code badFraction} 0. With
     * {@code badFraction} 0 the output is byte-identical to {@link #generate(Path, double, long, Consumer)}.
     *
     * @param outDir      output directory; created if missing
     * @param scale       size factor, {@code 0 < scale <= 10000}; 1 gives about 10,000 tweets, fractions allowed
     * @param seed        random seed; the same seed, scale and fraction give the same bytes
     * @param badFraction share of each dataset's records to corrupt, {@code 0 <= badFraction <= 0.5}
     * @param progress    receives lines such as {@code "tweets: 200000/1000000"}; may be null
     * @return counts (good and bad records together), injected bad records, total bytes and the files written
     * @throws IllegalArgumentException for a bad scale or fraction, or an output directory that cannot be written
     * @throws IOException              when writing fails part way
     */
    public static Summary generate(Path outDir, double scale, long seed, double badFraction, Consumer<String> progress)
            throws IOException {
        checkScale(scale);
        checkBadFraction(badFraction);
        if (outDir == null) {
            throw new IllegalArgumentException("output directory must not be null");
        }
        Consumer<String> report = progress == null ? s -> { } : progress;
        prepare(outDir, scale);

        List<Path> files = new ArrayList<>();
        long[] counts = new long[SampleDataset.values().length];
        Map<SampleDataset, Map<BadRecordKind, Long>> bad = new EnumMap<>(SampleDataset.class);
        long bytes = 0;
        for (SampleDataset dataset : SampleDataset.values()) {
            long rows = dataset.rows(scale);
            LineSource source = dataset.newSource(seed);
            BadRecordInjector injector = new BadRecordInjector(dataset, seed, rows, badFraction);
            Path dir = outDir.resolve(dataset.folder());
            long written = 0;
            for (int part = 0; part < dataset.fileCount(rows); part++) {
                Path file = dir.resolve(dataset.fileName(part));
                long inFile = Math.min(dataset.maxRowsPerFile(), rows - written);
                written = writeFile(file, dataset, source, injector, inFile, written, rows, report);
                files.add(file);
                bytes += Files.size(file);
            }
            counts[dataset.ordinal()] = written;
            bad.put(dataset, injector.countsByKind());
            report.accept(progressLine(dataset, written, rows));
        }
        return new Summary(counts[SampleDataset.TWEETS.ordinal()], counts[SampleDataset.CAMPAIGNS.ordinal()],
                counts[SampleDataset.CHURN.ordinal()], counts[SampleDataset.STORE_TRANSACTIONS.ordinal()],
                counts[SampleDataset.SALES.ordinal()], bytes, files, bad);
    }

    /**
     * Writes one file of {@code records} records from {@code source} (with the dataset's header, if it has one),
     * replacing the file if it exists; the records that {@code injector} picks are written as its bad lines instead.
     * Returns {@code doneBefore + records}; reports progress every {@link #PROGRESS_EVERY} records of the dataset.
     * Lines are encoded as UTF-8 one by one and written through a byte buffer, so that a bad line can hold bytes that
     * are not UTF-8.
     */
    static long writeFile(Path file, SampleDataset dataset, LineSource source, BadRecordInjector injector, long records,
                          long doneBefore, long total, Consumer<String> report) throws IOException {
        long done = doneBefore;
        byte[] separator = dataset.lineSeparator().getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), WRITE_BUFFER_BYTES)) {
            if (dataset.header() != null) {
                out.write(dataset.header().getBytes(StandardCharsets.UTF_8));
                out.write(separator);
            }
            for (long i = 0; i < records; i++) {
                String line = source.nextLine();
                out.write(injector.nextIsBad() ? injector.corrupt(line) : line.getBytes(StandardCharsets.UTF_8));
                out.write(separator);
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

    /** Refuses a scale the generator cannot write (the message names the limits). */
    public static void checkScale(double scale) {
        if (!(scale > 0) || scale > MAX_SCALE || Double.isNaN(scale)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "scale must be greater than 0 and at most %.0f, got %s", MAX_SCALE, scale));
        }
    }

    /** Refuses a bad-record fraction the generator cannot honour. */
    public static void checkBadFraction(double badFraction) {
        if (!(badFraction >= 0) || badFraction > MAX_BAD_FRACTION) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "bad fraction must be between 0 and %s, got %s", MAX_BAD_FRACTION, badFraction));
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
        } catch (InvalidPathException | IOError e) {
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
     * Command line: {@code SampleDataGenerator <outDir> [--scale S] [--seed N] [--bad-fraction F]} (defaults:
     * scale 1, seed 42, bad fraction 0). Prints progress and a one-line summary.
     */
    public static void main(String[] args) throws IOException {
        Path out = null;
        double scale = 1;
        long seed = 42;
        double badFraction = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--scale" -> scale = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--bad-fraction" -> badFraction = Double.parseDouble(args[++i]);
                default -> out = Path.of(args[i]);
            }
        }
        if (out == null) {
            System.err.println("usage: SampleDataGenerator <outDir> [--scale S] [--seed N] [--bad-fraction F]");
            System.exit(2);
        }
        long start = System.nanoTime();
        Summary s = generate(out, scale, seed, badFraction, System.out::println);
        System.out.printf(Locale.ROOT, "%d tweets, %d campaigns, %d churn, %d store transactions, %d sales;"
                        + " %d files, %d bytes in %.1f s%n", s.tweets(), s.campaigns(), s.churn(),
                s.storeTransactions(), s.sales(), s.files().size(), s.bytes(), (System.nanoTime() - start) / 1e9);
        if (s.badTotal() > 0) {
            System.out.printf(Locale.ROOT, "bad records injected: %d tweets, %d campaigns, %d churn,"
                            + " %d store transactions, %d sales%n", s.bad(SampleDataset.TWEETS),
                    s.bad(SampleDataset.CAMPAIGNS), s.bad(SampleDataset.CHURN),
                    s.bad(SampleDataset.STORE_TRANSACTIONS), s.bad(SampleDataset.SALES));
        }
    }
}
