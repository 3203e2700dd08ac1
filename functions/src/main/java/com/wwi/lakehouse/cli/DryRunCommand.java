package com.wwi.lakehouse.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.functions.StartupCheck;
import com.wwi.lakehouse.pipeline.DryRun;
import com.wwi.lakehouse.pipeline.LabGraph;
import com.wwi.lakehouse.pipeline.Setting;
import com.wwi.lakehouse.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./lakehouse dry-run}: what a run would meet, checked without writing anything ({@link DryRun}): the
 * settings, the graph, the storage, every declared table against the code, the sentiment model.
 */
@Command(name = "dry-run", sortOptions = false,
        header = "Check settings, graph, storage, tables and model without writing anything.",
        description = {"Validate without writing: every LAKEHOUSE_* setting (names, values, NCRONTAB schedules, URIs,",
                "identity mode), the graph (inputs declared, no cycle), the storage (reachable and writable: a probe",
                "file written, read back and deleted), every existing table's schema, partitioning and protocol",
                "against what the code writes, and the sentiment model (loaded, one text scored). Prints a checklist",
                "(✓ fine, • a note, ✗ a problem with its fix); exit 1 on any ✗.",
                "Without --settings it checks this shell's LAKEHOUSE_* variables; with --settings it checks a function",
                "app's settings as the app reads them (local.settings.json, or the JSON of",
                "'az functionapp config appsettings list'), the triggers' schedules and connections included."})
final class DryRunCommand extends LakehouseCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--lake", paramLabel = "LAKE", description = "The lake: a folder or abfss://... (default: LAKEHOUSE_LAKE of the settings).")
    String lake;
    @Option(names = "--settings", paramLabel = "FILE", description = "A function app's settings: local.settings.json or 'az functionapp config appsettings list' output.")
    Path settingsFile;
    @Option(names = "--json", description = "One JSON document instead of the checklist (same exit code).")
    boolean json;

    private Map<String, String> settings;

    @Override
    void validate() {
        settings = new TreeMap<>();
        if (settingsFile != null) {
            settings.putAll(readSettings(settingsFile));
        } else {
            System.getenv().forEach((k, v) -> {
                if (k.toUpperCase(Locale.ROOT).startsWith("LAKEHOUSE_")) {
                    settings.put(k, v);
                }
            });
        }
        if (lake != null) {
            if (lake.isBlank()) {
                throw usage("--lake is empty");
            }
            settings.put(Setting.LAKE.key(), lake);
        } else if (settings.getOrDefault(Setting.LAKE.key(), "").isBlank()) {
            throw usage("which lake? give --lake LAKE" + (settingsFile == null ? " (or set LAKEHOUSE_LAKE)"
                    : " (" + settingsFile + " sets no LAKEHOUSE_LAKE)"));
        }
    }

    /** The settings of a file: {@code {"Values": {...}}}, a flat object, or an array of {@code {name, value}}. */
    private Map<String, String> readSettings(Path file) {
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw usage("--settings " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw usage("--settings " + file + " is not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw usage("--settings " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        if (doc != null && doc.isObject() && doc.has("Values") && doc.get("Values").isObject()) {
            doc = doc.get("Values");
        }
        if (doc != null && doc.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isContainerNode()) {
                    throw usage("--settings " + file + ": " + e.getKey() + " is not a plain value (settings are"
                            + " name: \"value\" pairs, under \"Values\" in local.settings.json)");
                }
                out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
            }
        } else if (doc != null && doc.isArray()) {
            for (JsonNode e : doc) {
                if (!e.isObject() || !e.has("name") || !e.get("name").isTextual()) {
                    throw usage("--settings " + file + ": an array must hold {\"name\": ..., \"value\": ...} objects,"
                            + " as 'az functionapp config appsettings list' prints");
                }
                JsonNode v = e.get("value");
                out.put(e.get("name").asText(), v == null || v.isNull() ? "" : v.asText());
            }
        } else {
            throw usage("--settings " + file + " holds no settings (expected local.settings.json, an object of"
                    + " name: value, or the array 'az functionapp config appsettings list' prints)");
        }
        return out;
    }

    @Override
    int execute() {
        DryRun.Source source = settingsFile == null ? DryRun.Source.SHELL : DryRun.Source.APP;
        if (!json) {
            out.println("dry run of " + settings.get(Setting.LAKE.key()) + " with "
                    + (settingsFile == null ? "this shell's LAKEHOUSE_* settings" : "the app settings of " + settingsFile)
                    + "; nothing is written");
        }
        DryRun.Report r;
        try (Progress.Task task = progress.start("dry run", 0, "checks")) {
            // an app's settings name its managed identity, which exists only in Azure: probe as this machine signs in
            String credential = System.getenv(Setting.AZURE_CREDENTIAL.key());
            DryRun.SignIn signIn = settingsFile == null ? null : new DryRun.SignIn(
                    credential == null || credential.isBlank() ? "default" : credential.strip(),
                    System.getenv(Setting.AZURE_CLIENT_ID.key()));
            r = DryRun.run(settings, source, signIn, () -> LabGraph.GRAPH, StartupCheck.modelProbe(settings), c -> {
                task.step();
                if (!json) {
                    out.println(c.line());
                }
            });
        }
        if (json) {
            out.println(json(r).toPrettyString());
        } else {
            out.println(r.ok() ? "ready: no problem found" + (r.notes() == 0 ? "" : " (" + r.notes() + " note"
                    + (r.notes() == 1 ? "" : "s") + ")") : r.problems() + " problem" + (r.problems() == 1 ? "" : "s")
                    + " (✗): fix them before running");
        }
        return r.ok() ? 0 : 1;
    }

    private static ObjectNode json(DryRun.Report r) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("ok", r.ok());
        doc.put("problems", r.problems());
        doc.put("notes", r.notes());
        ArrayNode checks = doc.putArray("checks");
        for (DryRun.Check c : r.checks()) {
            ObjectNode n = checks.addObject();
            n.put("subject", c.subject());
            n.put("status", c.status().name().toLowerCase(Locale.ROOT));
            n.put("detail", c.detail());
            n.put("millis", c.millis());
        }
        return doc;
    }
}
