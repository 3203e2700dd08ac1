package com.wwi.lakehouse.bench;

import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.delta.DeltaLake;
import com.wwi.lakehouse.progress.Progress;
import com.wwi.lakehouse.runs.RunResult;
import com.wwi.lakehouse.runs.RunStatus;
import com.wwi.lakehouse.runs.Stage;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.view.Page;
import com.wwi.lakehouse.view.PipelineView;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pipeline page on a large lake: {@code tables} tables of {@code commits} one-row commits each (a checkpoint
 * every 100, as the Event Hub tables have) and an event log of {@code runs} rows in commits of 1,000. The lake is built
 * once in the work folder (kept, so that a second run measures the page alone); then the page is read and rendered
 * three times in this JVM, the first cold.
 */
public final class UiBench {
    private UiBench() {
    }

    public static void run(Path work, int tables, int commits, int runs, PrintStream out, Progress progress)
            throws IOException {
        Path marker = work.resolve(String.format("built-%d-%d-%d", tables, commits, runs));
        DeltaLake lake = DeltaLake.open(work.resolve("lake").toString());
        if (!Files.exists(marker)) {
            build(lake, tables, commits, runs, out, progress);
            Files.createDirectories(work);
            Files.writeString(marker, Instant.now().toString());
        } else {
            out.printf("lake already built in %s%n", work);
        }
        out.printf("%npage of %d tables x %,d commits and an event log of %,d rows (this JVM, read + render):%n",
                tables, commits, runs);
        for (int i = 1; i <= 3; i++) {
            long t0 = System.nanoTime();
            String html = Page.render(new PipelineView(lake, lake.root(), PipelineGraph.of(List.of(), List.of()),
                    Clock.systemUTC()).build());
            double s = (System.nanoTime() - t0) / 1e9;
            out.printf("  run %d%s: %.2f s, %,d bytes of HTML%n", i, i == 1 ? " (cold)" : "", s,
                    html.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static void build(DeltaLake lake, int tables, int commits, int runs, PrintStream out, Progress progress) {
        try (Progress.Task task = progress.start("bench ui: build", (long) tables * commits + runs, "commits+rows")) {
            TableSchema schema = TableSchema.of(Column.of("k", ColumnType.STRING), Column.of("v", ColumnType.LONG));
            long t0 = System.nanoTime();
            for (int t = 0; t < tables; t++) {
                LakeTable table = lake.table(String.format("gold/bench_%02d", t));
                table.createIfAbsent(new TableSpec("gold.bench_" + t, "UI benchmark table", schema, List.of(),
                        Map.of("delta.checkpointInterval", TableSpec.HIGH_FREQUENCY_CHECKPOINT_INTERVAL)));
                for (long c = table.version(); c < commits; c++) {
                    table.append(List.<Object[]>of(new Object[]{"k" + c, c}), List.of());
                    task.step();
                }
                out.printf("  table %d of %d: %,d commits (%.0f s so far)%n", t + 1, tables, commits,
                        (System.nanoTime() - t0) / 1e9);
            }
            LakeTable log = lake.table(SystemTables.EVENT_LOG);
            log.createIfAbsent(SystemTables.EVENT_LOG_SPEC);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int done = 0; done < runs; ) {
                int n = Math.min(1_000, runs - done);
                List<Object[]> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int k = done + i;
                    rows.add(new RunResult(UUID.randomUUID().toString(), Stage.GOLD_REFRESH, start.plusSeconds(k),
                            String.format("gold/bench_%02d", k % tables), "bench", k % 97 == 0 ? RunStatus.FAILED
                            : RunStatus.COMMITTED, 120, 10, 10, 0, 0, Map.of(), Map.of(), k, null).toRow());
                }
                log.append(rows, List.of());
                done += n;
                task.step(n);
            }
            out.printf("  event log: %,d rows (%.0f s in all)%n", runs, (System.nanoTime() - t0) / 1e9);
        }
    }
}
