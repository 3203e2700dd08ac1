package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.sample.SampleDataGenerator;
import com.wwi.lakehouse.silver.SentimentScorer;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Behaviour kept through restructurings: a demo lake built from a fixed sample (seed, scale, 1 % bad records: Bronze,
 * quarantine, Silver, every Gold table) holds exactly the rows it held when {@code demo-lake-checksums.tsv} was
 * written — per table the row count and a SHA-256 of its sorted rows, without the columns that hold wall-clock times
 * or run ids. The scorer is a deterministic function of the text (the real model is tested in the sentiment module).
 *
 * <p>The expected file changes only on purpose: {@code mvn -pl core test -Dtest=DemoLakeChecksumTest
 * -Dgolden.write=true} rewrites it, and the diff shows which tables changed.
 */
class DemoLakeChecksumTest {
    private static final Path EXPECTED = Path.of("src/test/resources/golden/demo-lake-checksums.tsv");
    /** Columns whose values are wall-clock times or random ids: left out of the checksum. */
    private static final Set<String> VOLATILE = Set.of("_ingested_at", "quarantined_at", "run_id");

    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    /** P(positive) from the text's hash, the label from it: varied, and the same on every machine. */
    static final class HashScorer implements SentimentScorer {
        @Override
        public List<Score> score(List<String> texts) {
            List<Score> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                double p = Math.floorMod(t.hashCode(), 1000) / 1000.0;
                out.add(new Score(p >= 0.6 ? Label.Positive : p < 0.3 ? Label.Negative : Label.Neutral, p, "hash-1"));
            }
            return out;
        }

        @Override
        public String version() {
            return "hash-1";
        }
    }

    @Test
    void theDemoLakeHoldsTheRowsItHeldBefore() throws IOException {
        Path landing = dir.resolve("landing");
        SampleDataGenerator.generate(landing, 0.3, 42, 0.01, null);
        Pipeline p = pipelines.open(Settings.local(dir.resolve("lake").toString()), new HashScorer());
        land(p, landing);
        p.gold().run();
        p.eventLog().flush();

        String actual = checksums(p.lake());
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(EXPECTED.getParent());
            Files.writeString(EXPECTED, actual);
        }
        assertEquals(Files.readString(EXPECTED), actual, "a table's rows changed; if on purpose, rewrite "
                + EXPECTED + " with -Dgolden.write=true and commit it");
    }

    /** Files through the file path, tweets as Event Hub batches of 250 over two partitions, in name order. */
    static void land(Pipeline p, Path landing) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(landing)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        long[] seq = new long[2];
        int batchNo = 0;
        for (Path f : files) {
            String rel = landing.relativize(f).toString().replace('\\', '/');
            if (!rel.startsWith("tweets/")) {
                byte[] bytes = Files.readAllBytes(f);
                p.bronze().ingestFile(new LandedFile(rel, "etag-" + bytes.length, bytes.length,
                        () -> (InputStream) new ByteArrayInputStream(bytes)));
                continue;
            }
            List<byte[]> lines = new ArrayList<>();
            for (String line : Files.readString(f, StandardCharsets.ISO_8859_1).split("\n")) {
                lines.add(line.getBytes(StandardCharsets.ISO_8859_1)); // the raw bytes, invalid UTF-8 included
            }
            for (int from = 0; from < lines.size(); from += 250) {
                int part = batchNo++ % 2;
                List<EventBatch.Event> events = new ArrayList<>();
                for (byte[] body : lines.subList(from, Math.min(lines.size(), from + 250))) {
                    long n = seq[part]++;
                    events.add(new EventBatch.Event(body, n, String.valueOf(n),
                            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n)));
                }
                p.ingestEvents(new EventBatch("ns", "tweets", "$Default", String.valueOf(part), events));
            }
        }
    }

    /** One line per table (but the event log): path, rows, SHA-256 of the sorted canonical rows. */
    static String checksums(Lake lake) {
        TreeMap<String, String> lines = new TreeMap<>();
        for (String path : lake.listTables()) {
            if (path.equals(SystemTables.EVENT_LOG)) {
                continue;
            }
            LakeTable t = lake.table(path);
            TableSchema schema = t.schema();
            List<Column> cols = schema.columns();
            List<String> rows = new ArrayList<>();
            for (Object[] r : t.readAll()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < cols.size(); i++) {
                    if (!VOLATILE.contains(cols.get(i).name())) {
                        Object v = r[i];
                        sb.append(v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v)).append('\u0001');
                    }
                }
                rows.add(sb.toString());
            }
            rows.sort(null);
            lines.put(path, path + "\t" + rows.size() + "\t" + sha256(rows));
        }
        return String.join("\n", lines.values()) + "\n";
    }

    private static String sha256(List<String> rows) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String r : rows) {
                md.update(r.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
