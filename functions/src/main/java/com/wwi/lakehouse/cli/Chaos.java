package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.GoldVerify;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.LakeAudit;
import com.wwi.lakehouse.pipeline.Pipeline;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.sample.SampleDataGenerator;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code ./lakehouse chaos}: the fault and concurrency proof, with real processes. Three phases, each ending in the
 * exact audit of its lake ({@link LakeAudit}: records landed = Bronze + unresolved quarantined for every dataset, no record
 * twice, Silver exactly the campaign tweets of Bronze) and {@code verify} of every Gold table:
 * <ol>
 *   <li><b>kills</b>: {@code run}, {@code maintain}, {@code refresh} (the Silver catch-up and Gold refresh) and
 *       {@code refresh --full-refresh-all} (Bronze rebuilt from the landing too) started on one lake at random and
 *       SIGKILLed at a random moment, N times; then resumed to the end;</li>
 *   <li><b>concurrency</b>: K {@code run} processes of the same landing on one new lake at once, for each K; then K
 *       more beside a {@code refresh --full-refresh-all} of every table, Bronze from that landing;</li>
 *   <li><b>soak</b>: for T seconds, new data landing again and again beside {@code maintain}, {@code refresh} (every
 *       third one a full refresh of Silver and Gold) and {@code verify --repair} loops, all on one lake; then every
 *       landing run once more (nothing new may land).</li>
 * </ol>
 * Exit 1 when any check fails or a process that was not killed failed.
 */
final class Chaos {
    /** The soak's full refresh: Silver and Gold (Bronze reads one set of landing folders; the soak keeps adding). */
    private static final String SILVER_AND_GOLD = String.join(",", Pipeline.fullRefreshable(LabGraph.GRAPH).stream()
            .filter(t -> !Pipeline.isBronze(LabGraph.GRAPH, t)).toList());

    private final Path work;
    private final PrintStream out;
    private final Random random;
    private final double scale;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger processes = new AtomicInteger();

    Chaos(Path work, double scale, long seed, PrintStream out) {
        this.work = work;
        this.scale = scale;
        this.random = new Random(seed);
        this.out = out;
    }

    int run(int kills, List<Integer> concurrent, int soakSeconds) throws IOException, InterruptedException {
        Path landing = generate("landing", 101);
        long t0 = System.nanoTime();
        kills(landing, work.resolve("lake-kills"), kills);
        for (int k : concurrent) {
            concurrent(landing, work.resolve("lake-concurrent-" + k), k);
        }
        if (soakSeconds > 0) {
            soak(work.resolve("lake-soak"), soakSeconds);
        }
        out.printf("%nchaos: %d processes in %.0f s; %s%n", processes.get(), (System.nanoTime() - t0) / 1e9,
                problems.isEmpty() ? "every check passed" : problems.size() + " problem(s):");
        problems.forEach(p -> out.println("  " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    private Path generate(String name, long seed) throws IOException {
        Path dir = work.resolve(name);
        SampleDataGenerator.generate(dir, scale, seed, 0.02, null);
        return dir;
    }

    // ------------------------------------------------------------------ phases

    private void kills(Path landing, Path lake, int kills) throws IOException, InterruptedException {
        out.printf("kills: %d SIGKILLs of run, maintain and refresh on %s%n", kills, lake);
        Map<String, Integer> killed = new TreeMap<>();
        int finished = 0;
        for (int attempt = 0; killed.values().stream().mapToInt(Integer::intValue).sum() < kills && attempt < kills * 4; attempt++) {
            String[] command = switch (random.nextInt(6)) {
                case 0 -> new String[]{"maintain", "--lake", lake.toString()};
                case 1 -> new String[]{"refresh", "--lake", lake.toString()};
                case 2 -> new String[]{"refresh", "--lake", lake.toString(), "--full-refresh-all", "--landing",
                        landing.toString()};
                default -> new String[]{"run", "--landing", landing.toString(), "--lake", lake.toString(),
                        "--batch-size", "100"};
            };
            if (!Files.exists(lake.resolve("_system")) && !command[0].equals("run")) {
                continue; // nothing to maintain or refresh before the first run has made the lake
            }
            Process p = start("kill-" + attempt, command);
            long delayMs = 300 + random.nextInt(6_000);
            if (p.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
                finished++; // it ended first: a normal run, which must have succeeded
                expectSuccess(p, command);
                continue;
            }
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            killed.merge(command[0].equals("refresh") && command.length > 3 ? "full-refresh" : command[0], 1,
                    Integer::sum);
        }
        out.printf("  %s killed, %d ended before their kill; resuming%n", killed, finished);
        resume(lake, List.of(landing));
        // everything caught up: VACUUM with no retention removes what the killed processes left behind
        String[] vacuum = {"maintain", "--lake", lake.toString(), "--retention-hours", "0", "--force"};
        Process v = start("vacuum", vacuum);
        v.waitFor();
        expectSuccess(v, vacuum);
        // with no retention, a compaction's old files are gone, and with them the input versions Gold consumed
        // before it: a refresh moves Gold onto the compacted versions, which verify can read
        String[] refresh = {"refresh", "--lake", lake.toString()};
        Process r = start("refresh-after-vacuum", refresh);
        r.waitFor();
        expectSuccess(r, refresh);
        check("kills", lake, List.of(landing));
    }

    private void concurrent(Path landing, Path lake, int k) throws IOException, InterruptedException {
        out.printf("concurrency: %d run processes of one landing on %s at once%n", k, lake);
        List<Process> ps = new ArrayList<>();
        String[] command = {"run", "--landing", landing.toString(), "--lake", lake.toString(), "--batch-size", "100"};
        for (int i = 0; i < k; i++) {
            ps.add(start("concurrent-" + k + "-" + i, command));
        }
        for (Process p : ps) {
            p.waitFor();
            expectSuccess(p, command);
        }
        // every table rebuilt (Bronze from the same files) while k runs deliver that landing again
        List<Process> again = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            again.add(start("concurrent-" + k + "-again-" + i, command));
        }
        String[] rebuild = {"refresh", "--lake", lake.toString(), "--full-refresh-all", "--landing", landing.toString()};
        Process r = start("concurrent-" + k + "-rebuild", rebuild);
        for (Process p : again) {
            p.waitFor();
            expectSuccess(p, command);
        }
        r.waitFor();
        expectSuccess(r, rebuild);
        check("concurrency " + k, lake, List.of(landing));
    }

    private void soak(Path lake, int seconds) throws IOException, InterruptedException {
        out.printf("soak: %d s of landings beside maintain, refresh and verify --repair loops on %s%n", seconds, lake);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Path> landings = Collections.synchronizedList(new ArrayList<>());
        Path first = generate("soak-0", 1000);
        landings.add(first);
        String[] firstRun = {"run", "--landing", first.toString(), "--lake", lake.toString()};
        Process p0 = start("soak-run-0", firstRun);
        p0.waitFor();
        expectSuccess(p0, firstRun);
        Map<String, AtomicInteger> counts = new ConcurrentSkipListMap<>();
        List<Thread> loops = new ArrayList<>();
        loops.add(loop("ingest", deadline, counts, i -> {
            Path l = generate("soak-" + i, 1000 + i);
            landings.add(l);
            return new String[]{"run", "--landing", l.toString(), "--lake", lake.toString(), "--batch-size", "200"};
        }));
        loops.add(loop("maintain", deadline, counts, i -> new String[]{"maintain", "--lake", lake.toString()}));
        loops.add(loop("refresh", deadline, counts, i -> i % 3 == 0
                ? new String[]{"refresh", "--lake", lake.toString(), "--full-refresh", SILVER_AND_GOLD}
                : new String[]{"refresh", "--lake", lake.toString()}));
        loops.add(loop("verify --repair", deadline, counts, i -> new String[]{"verify", "--lake", lake.toString(), "--repair"}));
        for (Thread t : loops) {
            t.join();
        }
        out.printf("  %s; every landing again, then refresh%n", counts);
        List<Path> all = new ArrayList<>(landings);
        for (Path l : all) { // a redelivery of everything: nothing may land twice
            String[] again = {"run", "--landing", l.toString(), "--lake", lake.toString(), "--partitions", "2"};
            Process p = start("soak-again", again);
            p.waitFor();
            expectSuccess(p, again);
        }
        resume(lake, List.of());
        check("soak", lake, all);
    }

    private interface Step {
        String[] command(int i) throws IOException;
    }

    private Thread loop(String name, long deadline, Map<String, AtomicInteger> counts, Step step) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 1; System.nanoTime() < deadline; i++) {
                    String[] command = step.command(i);
                    Process p = start("soak-" + name.replace(' ', '-') + "-" + i, command);
                    p.waitFor();
                    expectSuccess(p, command);
                    counts.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                }
            } catch (IOException | InterruptedException e) {
                problems.add("soak " + name + ": " + e.getMessage());
            }
        }, "chaos-" + name);
        t.start();
        return t;
    }

    // ------------------------------------------------------------------ checks

    /** Runs every landing to its end, then the timers' work, in processes that are not killed. */
    private void resume(Path lake, List<Path> landings) throws IOException, InterruptedException {
        for (Path l : landings) {
            String[] command = {"run", "--landing", l.toString(), "--lake", lake.toString()};
            Process p = start("resume", command);
            p.waitFor();
            expectSuccess(p, command);
        }
        String[] refresh = {"refresh", "--lake", lake.toString()};
        Process p = start("resume-refresh", refresh);
        p.waitFor();
        expectSuccess(p, refresh);
    }

    private void check(String phase, Path lake, List<Path> landings) throws IOException {
        Map<Dataset, Long> expected = new EnumMap<>(Dataset.class);
        for (Path l : landings) {
            records(l).forEach((d, n) -> expected.merge(d, n, Long::sum));
        }
        Lake l = Pipeline.openExisting(Settings.local(lake.toString()));
        LakeAudit.Result audit = LakeAudit.audit(l);
        long records = 0;
        long bronze = 0;
        long quarantined = 0;
        for (Dataset d : Dataset.values()) {
            LakeAudit.DatasetCount c = audit.datasets().get(d);
            long want = expected.getOrDefault(d, 0L);
            records += want;
            bronze += c.bronze();
            quarantined += c.quarantined();
            if (c.landed() != want) {
                problems.add(phase + ": " + d.folder() + " has " + c.landed() + " records (" + c.bronze() + " Bronze + "
                        + c.quarantined() + " unresolved quarantined), the landing " + want);
            }
        }
        audit.problems().forEach(p -> problems.add(phase + ": " + p));
        List<String> differ = new ArrayList<>();
        for (GoldVerify.Result r : GoldVerify.verify(l, LabGraph.GRAPH)) {
            if (!r.ok()) {
                differ.add(r.table());
            }
        }
        if (!differ.isEmpty()) {
            problems.add(phase + ": Gold differs from its recomputation: " + differ);
        }
        out.printf("  %s: %,d records landed = %,d Bronze + %,d unresolved quarantined: %s; %d duplicates; Silver %,d rows for"
                        + " %,d campaign tweets, %d wrong; Gold %s%n", phase, records, bronze, quarantined,
                records == bronze + quarantined ? "exact" : "NOT EXACT", audit.duplicates(), audit.silverRows(),
                audit.silverExpected(), audit.silverWrong(), differ.isEmpty() ? "verified" : "DIFFERS");
    }

    /** The records of a landing folder, per dataset (every generated file is usable as a whole). */
    static Map<Dataset, Long> records(Path landing) throws IOException {
        Map<Dataset, Long> out = new EnumMap<>(Dataset.class);
        for (Dataset d : Dataset.values()) {
            Path folder = landing.resolve(d.folder());
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.merge(d, LocalRunner.countRecords(d, Files.readAllBytes(f)), Long::sum);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ processes

    /** Starts {@code ./lakehouse <command>} as its own JVM, output to a log file under the work folder. */
    private Process start(String name, String... command) throws IOException {
        processes.incrementAndGet();
        Path logs = Files.createDirectories(work.resolve("logs"));
        List<String> cmd = Main.inNewJvm(List.of(), List.of(command));
        File log = logs.resolve(name + "-" + processes.get() + ".log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private void expectSuccess(Process p, String[] command) {
        if (p.exitValue() != 0) {
            problems.add("./lakehouse " + String.join(" ", command) + " exited " + p.exitValue()
                    + " (its log is under " + work.resolve("logs") + ")");
        }
    }
}
