package com.wwi.lakehouse.errors;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Every user-facing error message of the pipeline, made here so that they read alike: <em>what</em> went wrong,
 * <em>why</em>, and <em>how to fix it</em>, on one line ({@link #of}). Callers throw the exception type their layer
 * uses ({@code LakeException}, {@code IllegalArgumentException}, ...) with these words, or record them as a run's
 * message.
 */
public final class Errors {
    private Errors() {
    }

    /** {@code what: why; fix}, leaving out a part that is null. */
    public static String of(String what, String why, String fix) {
        StringBuilder sb = new StringBuilder(what);
        if (why != null) {
            sb.append(": ").append(why);
        }
        if (fix != null) {
            sb.append("; ").append(fix);
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ settings

    public static String settingNotSet(String name, String example) {
        return of(name + " is not set", null, "give the lake root, e.g. " + example);
    }

    public static String unknownSetting(String name, Collection<String> known) {
        return of("unknown setting " + name, null, "known: " + known);
    }

    public static String settingTooSmall(String name, long got) {
        return of(name + " must be at least 1, got " + got, null, null);
    }

    public static String retentionTooShort(String name) {
        return name + " must be at least 1 (hour): a shorter VACUUM retention could delete the files of a commit still"
                + " in flight";
    }

    public static String notAWholeNumber(String name, String got) {
        return of(name + " must be a whole number, got '" + got + "'", null, null);
    }

    public static String notHours(String name, String got) {
        return of(name + " must be a number of hours, got '" + got + "'", null, null);
    }

    // ------------------------------------------------------------------ the lake

    public static String unsupportedLocation(String root) {
        return of("unsupported lake location " + root, null,
                "use a local path or abfss://<container>@<account>.dfs.core.windows.net/<path>");
    }

    public static String badAbfsLocation(Object uri) {
        return "ABFS location must look like abfss://<container>@<account>.dfs.core.windows.net/<path>, got " + uri;
    }

    public static String noLake(String root) {
        return of("no lake at " + root, "it holds no table (./lakehouse run or ./lakehouse demo makes one)", null);
    }

    public static String cannotOpenLake(String root, String cause) {
        return of("cannot open the lake at " + root, cause, null);
    }

    public static String noTable(String root) {
        return of("no Delta table at " + root, null, "create it first");
    }

    /** A table whose columns differ from what the code writes, other than by added nullable columns at the end. */
    public static String schemaMismatch(String root, Object existing, String name, Object expected,
                                        List<String> differences) {
        return of("table at " + root + " exists with schema " + existing + " but " + name + " expects " + expected
                        + (differences.isEmpty() ? "" : " (" + String.join("; ", differences) + ")"),
                null, "move the old table away or migrate it");
    }

    /**
     * A table another engine upgraded past what this pipeline honours: which table, which features, what the
     * pipeline was about to do ({@code verb} null: read it), and the ways out, per feature. Nothing is read or
     * written through it; the other tables go on.
     */
    public static String unsupportedFeatures(Object table, int reader, int writer, List<String> features, String verb) {
        String named = features.isEmpty() ? "" : " with " + String.join(", ", features);
        List<String> fixes = new java.util.ArrayList<>();
        for (String f : features) {
            String alter = "ALTER TABLE delta.`" + table + "` ";
            fixes.add(switch (f) {
                case "changeDataFeed" -> alter + "SET TBLPROPERTIES ('delta.enableChangeDataFeed' = 'false')";
                case "appendOnly" -> alter + "SET TBLPROPERTIES ('delta.appendOnly' = 'false')";
                case "checkConstraints" -> alter + "DROP CONSTRAINT <name> for each constraint";
                default -> alter + "DROP FEATURE " + f;
            });
        }
        return "table " + table + " needs Delta reader " + reader + " / writer " + writer + named
                + ", which this pipeline cannot honour" + (verb == null ? "" : " to " + verb + " it")
                + " (it reads and writes protocol 1/2): " + (fixes.isEmpty() ? "" : "in Spark, " + String.join("; ", fixes)
                + ", or ") + "point the pipeline at a new table; nothing was written to it, the other tables go on";
    }

    // ------------------------------------------------------------------ the graph

    public static String landingDeclaredTwice(String folder) {
        return "pipeline graph: the landing folder " + folder + " is declared twice";
    }

    public static String tableDeclaredTwice(String path) {
        return "pipeline graph: the table " + path + " is declared twice";
    }

    public static String undeclaredInput(String path, String input) {
        return "pipeline graph: " + path + " reads " + input + ", which is not a table of the graph (declare it, or its"
                + " landing dataset)";
    }

    public static String cycle(List<String> path) {
        return "pipeline graph: a cycle: " + String.join(" -> ", path);
    }

    /** A table named for a full refresh that is not one the refresh rebuilds from its inputs. */
    public static String notFullRefreshable(String table, String layer, Collection<String> rebuildable) {
        String why = layer == null ? "no table " + table + " in the graph"
                : table + " is a " + layer + " table, which the pipeline keeps itself";
        return of(why, null, "a full refresh rebuilds " + String.join(", ", rebuildable));
    }

    public static String noGoldTable(String path, Collection<String> gold) {
        return of("no Gold table " + path + " in the graph", null, "Gold tables: " + gold);
    }

    public static String badDriftEntry(String entry, Collection<String> folders) {
        return of("LAKEHOUSE_DRIFT: '" + entry + "' is not folder=policy", null,
                "write e.g. tweets=evolve,campaigns=strict (folders: " + String.join(", ", new TreeSet<>(folders))
                        + "; policies: rescue, evolve, strict)");
    }

    public static String unknownDriftFolder(String folder, Collection<String> folders) {
        return of("LAKEHOUSE_DRIFT: no landing dataset '" + folder + "'", null,
                "name one of: " + String.join(", ", new TreeSet<>(folders)));
    }

    public static String unknownDriftPolicy(String folder, String policy) {
        return of("LAKEHOUSE_DRIFT: '" + policy + "' for " + folder + " is not a drift policy", null,
                "write rescue, evolve or strict");
    }

    public static String driftTwice(String folder) {
        return of("LAKEHOUSE_DRIFT names " + folder + " twice", null, "keep one policy per dataset");
    }

    /**
     * Why a record with fields the Bronze table does not know is quarantined under the {@code strict} policy;
     * {@code noun} is {@code field} (JSON) or {@code header column} (CSV).
     */
    public static String unknownFields(String noun, Collection<String> names, String folder) {
        boolean many = names.size() > 1;
        return of(noun + (many ? "s " : " ") + String.join(", ", names.stream().map(n -> "'" + shown(n) + "'").toList())
                        + (many ? " are" : " is") + " not in the " + folder + " schema",
                "the drift policy of " + folder + " is strict",
                "declare the column, or set LAKEHOUSE_DRIFT=" + folder + "=evolve (or rescue)");
    }

    /** A name from the data as a message shows it: control characters escaped, cut after 64 characters. */
    static String shown(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < 64; i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.length() < 64 || name.length() <= 64 ? sb.toString() : sb + "…";
    }

    // ------------------------------------------------------------------ landing

    public static String unknownDatasetFolder(String folder, Collection<String> folders) {
        return of("unknown dataset folder '" + folder + "'", null, "files must land in one of: "
                + String.join(", ", folders));
    }

    public static String expectationFailed(String name, String constraint, String source, long offset) {
        return of("expectation " + name + " (" + constraint + ") failed on " + source + " at " + offset,
                "the batch was stopped and nothing of it committed", null);
    }

    // ------------------------------------------------------------------ quarantine

    public static String unknownDataset(String dataset, Collection<String> datasets) {
        return of("unknown dataset '" + dataset + "'", null, "datasets: " + String.join(", ", datasets));
    }

    public static String unknownQuarantineKind(String kind, Collection<String> kinds) {
        return of("unknown kind '" + kind + "'", null, "kinds: " + String.join(", ", kinds));
    }

    public static String badSince(String since) {
        return of("cannot read '" + since + "' as a time", null,
                "give an instant (2026-12-07T08:00:00Z), a day (2026-12-07, UTC) or an age (30m, 12h, 7d)");
    }

    public static String badEditedLine(String file, long line, String why) {
        return of(file + " line " + line + ": " + why, null,
                "each line is one JSON object from ./lakehouse quarantine export, with its \"id\" and the edited \"payload\"");
    }

    public static String unknownQuarantineId(String file, String id) {
        return of(file + ": no quarantined record has id " + id, null,
                "export the records again from this lake (./lakehouse quarantine export)");
    }

        // ------------------------------------------------------------------ Azure (the cause found in an SDK's chain)

    public static String notSignedIn(String doing, boolean eventHub) {
        return doing + ": not signed in to Azure (no credential gave a token): run 'az login', or set "
                + "LAKEHOUSE_AZURE_CREDENTIAL to managed-identity, environment or azure-cli"
                + (eventHub ? ", or give --connection-string" : "");
    }

    public static String notAllowed(String doing) {
        return doing + ": signed in, but not allowed: grant the identity 'Storage Blob Data Contributor' on the"
                + " account (or 'Azure Event Hubs Data Sender' on the hub)";
    }

    public static String noSuchHost(String doing, String detail) {
        return doing + ": no such host" + (detail.isBlank() ? "" : " (" + detail + ")")
                + ": check the account or namespace name";
    }

    public static String cannotConnect(String doing, String detail) {
        return doing + ": cannot connect (" + detail + "): check the name and the network";
    }

    public static String timedOut(String doing, String detail) {
        return doing + ": timed out (" + detail + "): check the name and the network";
    }
}
