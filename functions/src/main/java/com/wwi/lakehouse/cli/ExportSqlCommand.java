package com.wwi.lakehouse.cli;

import com.wwi.lakehouse.gold.GoldSql;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.pipeline.LabGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code ./lakehouse export-sql}: the Gold definitions as a Spark SQL script pinned to the lake's input versions. */
@Command(name = "export-sql", sortOptions = false,
        header = "The Gold tables as Spark SQL, for a full refresh on Databricks, Synapse or Fabric.",
        description = {"Writes the Gold definitions as one Spark SQL script against this lake: each table's inputs",
                "read at their versions now, then INSERT OVERWRITE with the txn the Gold refresh records, so the",
                "app's timers carry on incrementally from Spark's result. For tables too large to rebuild in one",
                "function run (see README, 'Operating the pipeline'). Prints the script, or writes it with --out."})
final class ExportSqlCommand extends LakehouseCommand {
    @Option(names = "--lake", required = true, paramLabel = "LAKE", description = "The lake: a folder or abfss://...")
    String lake;
    @Option(names = "--tables", split = ",", paramLabel = "TABLE",
            description = "Only these Gold tables (default: every one that has Spark SQL).")
    List<String> tables = new ArrayList<>();
    @Option(names = "--out", paramLabel = "FILE.sql", description = "Write the script here instead of printing it.")
    Path file;

    @Override
    void validate() {
        List<String> known = LabGraph.GRAPH.gold().stream().map(TableNode::path).toList();
        List<String> chosen = new ArrayList<>();
        for (String t : tables) {
            String path = Main.tablePath(t);
            if (!known.contains(path)) {
                throw usage("--tables " + t + ": no Gold table " + path + " in the graph; Gold tables: "
                        + String.join(", ", known));
            }
            chosen.add(path);
        }
        tables = chosen.isEmpty() ? known : chosen;
    }

    @Override
    int execute() {
        Lake l = Main.existingLake("export-sql", lake);
        List<String> skipped = new ArrayList<>();
        String script;
        try {
            script = GoldSql.script(l, LabGraph.GRAPH, tables, Instant.now(), skipped::add);
        } catch (IllegalStateException e) {
            throw CliException.failure("export-sql: " + e.getMessage());
        }
        if (file == null) {
            out.print(script);
            skipped.forEach(s -> System.err.println("export-sql: not exported: " + s));
            return 0;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failure("export-sql: cannot write " + file + ": " + e.getMessage());
        }
        long statements = script.lines().filter(s -> s.startsWith("INSERT OVERWRITE")).count();
        out.println("wrote " + file + ": " + statements + " Gold table(s) as Spark SQL, inputs pinned at their"
                + " versions now");
        skipped.forEach(s -> out.println("  not exported: " + s));
        out.println("run it in a Spark job with delta-spark against the same lake, then ./lakehouse verify --lake " + lake);
        return 0;
    }
}
