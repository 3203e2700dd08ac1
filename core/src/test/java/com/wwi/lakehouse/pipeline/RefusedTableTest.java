package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.EventBatch;
import com.wwi.lakehouse.landing.LandedFile;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.testing.Pipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Bronze table another engine upgraded past what we honour (deletion vectors) stops only its own landing: the
 * pipeline still opens, its files fail with the refusal and write nothing, the other datasets land as usual.
 */
class RefusedTableTest {
    @RegisterExtension
    final Pipelines pipelines = new Pipelines();

    @TempDir
    Path dir;

    @Test
    void aRefusedBronzeTableStopsOnlyItsOwnLanding() throws IOException {
        Pipeline first = pipelines.open(dir.toString());
        assertEquals(RunStatus.COMMITTED, sales(first, "sales/a.csv", "1,1,2.5,a").status());
        first.close();

        Path log = dir.resolve(Dataset.SALES.bronzePath()).resolve("_delta_log");
        int commits = commits(log).size();
        Files.writeString(log.resolve(String.format("%020d.json", commits)),
                "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"SET TBLPROPERTIES\"}}\n"
                        + "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7,"
                        + "\"readerFeatures\":[\"deletionVectors\"],\"writerFeatures\":[\"deletionVectors\"]}}\n");
        List<String> before = commits(log);

        Pipeline p = pipelines.open(dir.toString()); // opens, although one of its tables is refused
        RunResult refused = sales(p, "sales/b.csv", "2,1,2.5,b");
        assertEquals(RunStatus.FAILED, refused.status(), refused.toString());
        assertTrue(refused.message().contains("deletionVectors") && refused.message().contains("DROP FEATURE"),
                refused.message());
        assertEquals(before, commits(log), "nothing written to the refused table");

        byte[] t = "{\"tweet\":\"#gogreen now\",\"city\":\"Oslo\"}".getBytes(StandardCharsets.UTF_8);
        RunResult tweets = p.ingestEvents(new EventBatch("ns", "tweets", "$Default", "0",
                List.of(new EventBatch.Event(t, 0, "0", null))));
        assertEquals(RunStatus.COMMITTED, tweets.status(), tweets.toString());
        assertEquals(1, p.lake().table(Dataset.TWEETS.bronzePath()).readAll().size());
    }

    private static RunResult sales(Pipeline p, String path, String row) {
        byte[] b = ("Quantity,Advert,Price,Brand\n" + row + "\n").getBytes(StandardCharsets.UTF_8);
        return p.bronze().ingestFile(new LandedFile(path, "e-" + path, b.length, () -> new ByteArrayInputStream(b)));
    }

    private static List<String> commits(Path log) throws IOException {
        try (Stream<Path> s = Files.list(log)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        }
    }
}
