package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.landing.LandingStore;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings part of {@link DryRun}: every {@code LAKEHOUSE_*} name against the catalog ({@link Setting}), every
 * value against its rule, and, for a function app's settings, the connections its triggers name. Each problem is one
 * phrase that says what to write instead.
 */
final class SettingsCheck {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ABFSS = Pattern.compile(
            "abfss://([a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9])@([a-z0-9]{3,24})\\.dfs\\.core\\.windows\\.net(/.*)?");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]");
    private static final Pattern HUB = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254}[A-Za-z0-9])?");
    private static final Pattern CONSUMER_GROUP = Pattern.compile("\\$Default|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,48}[A-Za-z0-9])?");
    private static final Pattern SERVICE_URI = Pattern.compile(
            "https://[a-z0-9]{3,24}\\.(blob|queue|table|dfs)\\.core\\.windows\\.net/?");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]\\.servicebus\\.windows\\.net");
    private static final Set<String> CREDENTIALS = Set.of("default", "managed-identity", "azure-cli", "environment");
    private static final List<Setting> SCHEDULES = List.of(Setting.SWEEP_SCHEDULE, Setting.SILVER_SCHEDULE,
            Setting.GOLD_SCHEDULE, Setting.MAINTENANCE_SCHEDULE, Setting.CHECK_SCHEDULE);

    /** One finding: the setting's name and what is wrong (or, for a note, what it means). */
    record Finding(String name, boolean problem, String text) {
    }

    private SettingsCheck() {
    }

    /** Every finding for these settings, problems first, each name once at most per kind. */
    static List<Finding> check(Map<String, String> values, DryRun.Source source) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> v = new TreeMap<>(values);
        for (Map.Entry<String, String> e : v.entrySet()) {
            String k = e.getKey();
            if (!Setting.ours(k)) {
                continue;
            }
            Optional<Setting> s = Setting.named(k);
            if (s.isEmpty()) {
                out.add(new Finding(k, true, "is not a setting of this pipeline" + closest(k)
                        .map(c -> " (did you mean " + c + "?)").orElse("") + "; remove it or fix the name"));
                continue;
            }
            if (source == DryRun.Source.APP && s.get().scope() == Setting.Scope.CLI) {
                out.add(new Finding(k, false, "is read only by ./lakehouse; the function app ignores it"));
                continue;
            }
            value(s.get(), e.getValue() == null ? "" : e.getValue().strip(), v)
                    .ifPresent(p -> out.add(new Finding(k, true, p)));
        }
        if (blank(v.get(Setting.LAKE.key()))) {
            out.add(new Finding(Setting.LAKE.key(), true, "is not set; give the lake root, e.g."
                    + " abfss://lake@<account>.dfs.core.windows.net/wwi or a local folder"));
        }
        if (source == DryRun.Source.APP) {
            for (Setting s : SCHEDULES) {
                if (blank(v.get(s.key()))) {
                    out.add(new Finding(s.key(), true, "is not set, so the host cannot index the timer that reads it;"
                            + " give an NCRONTAB, e.g. \"0 */10 * * * *\""));
                }
            }
            for (Setting s : List.of(Setting.TWEETS_HUB, Setting.TWEETS_CONSUMER_GROUP)) {
                if (blank(v.get(s.key()))) {
                    out.add(new Finding(s.key(), true, "is not set, so the Event Hub trigger cannot start; give "
                            + (s == Setting.TWEETS_HUB ? "the hub's name, e.g. tweets" : "a consumer group, e.g. $Default")));
                }
            }
            connections(v, out);
        }
        out.sort(Comparator.comparing((Finding f) -> !f.problem()).thenComparing(Finding::name));
        return out;
    }

    /** The problem with one setting's value, if any. */
    static Optional<String> value(Setting s, String x, Map<String, String> all) {
        if (x.contains("<") && x.contains(">")) {
            return Optional.of("still holds a placeholder (\"" + x + "\"); put in the real value");
        }
        return switch (s) {
            case LAKE -> lake(x);
            case AZURE_CLIENT_ID -> x.isEmpty() || GUID.matcher(x).matches() ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not a client id (a GUID such as 0b1f...-...); leave it empty for"
                    + " the system-assigned identity");
            case AZURE_CREDENTIAL -> x.isEmpty() || CREDENTIALS.contains(x.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not one of default, managed-identity, azure-cli, environment");
            case CHUNK_ROWS, MAX_ROWS_PER_FILE -> wholeNumber(x, 1);
            case DRIFT -> {
                try {
                    Settings.drift(x);
                    yield Optional.empty();
                } catch (IllegalArgumentException e) {
                    yield Optional.of(e.getMessage().replaceFirst("^" + Setting.DRIFT.key() + ":? ", ""));
                }
            }
            case VACUUM_RETENTION_HOURS -> hours(x);
            case LANDING_CONTAINER -> x.isEmpty() || CONTAINER.matcher(x).matches() ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not a container name (3-63 lowercase letters, digits and single"
                    + " hyphens)");
            case LANDING_API -> oneOf(x, "dfs", "blob");
            case AFTER_INGEST -> {
                try {
                    LandingStore.AfterIngest.parse(x);
                    yield Optional.empty();
                } catch (IllegalArgumentException e) {
                    yield Optional.of("\"" + x + "\" is not archive or keep");
                }
            }
            case SWEEP_SCHEDULE, SILVER_SCHEDULE, GOLD_SCHEDULE, MAINTENANCE_SCHEDULE, CHECK_SCHEDULE -> Ncrontab.problem(x);
            case TWEETS_HUB -> HUB.matcher(x).matches() ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not an Event Hub name (1-256 letters, digits, '.', '_', '-',"
                    + " starting and ending with a letter or digit)");
            case TWEETS_CONSUMER_GROUP -> CONSUMER_GROUP.matcher(x).matches() ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not a consumer group name ($Default, or 1-50 letters, digits, '.',"
                    + " '_', '-')");
            case SENTIMENT_MODEL -> x.isEmpty() || x.equals("bundled") ? Optional.empty() : customModel(x, all);
            case SENTIMENT_TOKENIZER -> x.isEmpty() ? Optional.empty() : file(x, "the tokenizer.json");
            case SENTIMENT_LABELS -> labels(x);
            case SENTIMENT_NEUTRAL_BELOW -> probability(x);
            case SENTIMENT_PRECISION -> x.isEmpty() ? Optional.empty()
                    : oneOf(x.toLowerCase(Locale.ROOT), "auto", "float32", "int8", "bfloat16");
            case SENTIMENT_CACHE -> x.isEmpty() ? Optional.empty() : wholeNumber(x, 0);
            case PROGRESS -> x.isEmpty() ? Optional.empty() : oneOf(x.toLowerCase(Locale.ROOT), "bar", "lines", "off");
            case HOME -> x.isEmpty() || Files.isDirectory(Path.of(x)) ? Optional.empty()
                    : Optional.of("\"" + x + "\" is not a folder");
            case DEBUG, JAVA_OPTS -> Optional.empty();
        };
    }

    private static Optional<String> lake(String x) {
        if (x.isEmpty()) {
            return Optional.empty(); // reported once as not set
        }
        if (x.contains("://")) {
            if (ABFSS.matcher(x).matches()) {
                return Optional.empty();
            }
            return Optional.of("\"" + x + "\" is not abfss://<container>@<account>.dfs.core.windows.net/<path>"
                    + (x.startsWith("abfs://") ? " (abfs:// is unencrypted; use abfss://)" : "")
                    + (x.contains(".blob.core.") ? " (the lake is reached through the dfs endpoint, not blob)" : ""));
        }
        try {
            Path.of(x);
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("\"" + x + "\" is not a folder path: " + e.getReason());
        }
    }

    private static Optional<String> customModel(String x, Map<String, String> all) {
        Optional<String> f = file(x, "a TorchScript classifier");
        if (f.isPresent()) {
            return f;
        }
        for (Setting need : List.of(Setting.SENTIMENT_TOKENIZER, Setting.SENTIMENT_LABELS)) {
            if (blank(all.get(need.key()))) {
                return Optional.of("names a TorchScript model, so " + need.key() + " must be set too");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> file(String x, String what) {
        try {
            Path p = Path.of(x);
            if (!Files.isRegularFile(p)) {
                return Optional.of("\"" + x + "\" is not a file here; give the path of " + what);
            }
            if (!Files.isReadable(p)) {
                return Optional.of("\"" + x + "\" cannot be read (permissions)");
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.of("\"" + x + "\" is not a path: " + e.getReason());
        }
    }

    private static Optional<String> labels(String x) {
        if (x.isEmpty()) {
            return Optional.empty();
        }
        List<String> l = Arrays.stream(x.split(",", -1)).map(String::strip).toList();
        if (l.size() < 2 || l.stream().anyMatch(String::isEmpty) || l.stream().distinct().count() != l.size()) {
            return Optional.of("\"" + x + "\" is not two or more distinct comma-separated labels in logit order, e.g."
                    + " NEGATIVE,POSITIVE");
        }
        return Optional.empty();
    }

    private static Optional<String> probability(String x) {
        if (x.isEmpty()) {
            return Optional.empty();
        }
        try {
            double p = Double.parseDouble(x);
            if (p >= 0 && p < 1) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            // below
        }
        return Optional.of("\"" + x + "\" is not a probability from 0 up to (not including) 1, e.g. 0.6");
    }

    private static Optional<String> wholeNumber(String x, long min) {
        if (x.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(x) >= min && Long.parseLong(x) <= Integer.MAX_VALUE) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            // below
        }
        return Optional.of("\"" + x + "\" is not a whole number from " + min);
    }

    private static Optional<String> hours(String x) {
        if (x.isEmpty()) {
            return Optional.empty();
        }
        try {
            double h = Double.parseDouble(x);
            if (Double.isFinite(h) && h >= 1) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            // below
        }
        return Optional.of("\"" + x + "\" is not a number of hours of at least 1 (168 is 7 days)");
    }

    private static Optional<String> oneOf(String x, String... allowed) {
        if (x.isEmpty() || Arrays.asList(allowed).contains(x.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("\"" + x + "\" is not one of " + String.join(", ", allowed));
    }

    /** The connections the triggers name: LandingStorage (blob trigger), TweetsEventHub, AzureWebJobsStorage. */
    private static void connections(Map<String, String> v, List<Finding> out) {
        connection(v, out, "AzureWebJobsStorage", "the host's own storage (leases, timers)",
                List.of("__accountName", "__blobServiceUri"), null);
        connection(v, out, "LandingStorage", "the storage files land in (the blob trigger)",
                List.of("__blobServiceUri", "__queueServiceUri"), SERVICE_URI);
        connection(v, out, "TweetsEventHub", "the Event Hubs namespace of the tweets",
                List.of("__fullyQualifiedNamespace"), NAMESPACE);
    }

    private static void connection(Map<String, String> v, List<Finding> out, String name, String what,
                                   List<String> identityParts, Pattern form) {
        String cs = v.get(name);
        if (!blank(cs)) {
            if (cs.contains("<") && cs.contains(">")) {
                out.add(new Finding(name, true, "still holds a placeholder; put in the real connection"));
            } else if (!cs.equals("UseDevelopmentStorage=true") && !cs.contains("=")) {
                out.add(new Finding(name, true, "is not a connection string (key=value;...); or use " + name
                        + identityParts.get(0) + " with the managed identity"));
            }
            return;
        }
        boolean any = false;
        for (String part : identityParts) {
            String x = v.get(name + part);
            if (blank(x)) {
                continue;
            }
            any = true;
            if (x.contains("<") && x.contains(">")) {
                out.add(new Finding(name + part, true, "still holds a placeholder (\"" + x + "\"); put in the real"
                        + " value"));
            } else if (form != null && !form.matcher(x.strip()).matches()) {
                out.add(new Finding(name + part, true, "\"" + x + "\" is not of the form "
                        + (form == NAMESPACE ? "<namespace>.servicebus.windows.net"
                        : "https://<account>." + part.substring(2, part.indexOf("ServiceUri")) + ".core.windows.net")));
            }
        }
        if (!any) {
            out.add(new Finding(name, true, "is not set: " + what + "; set " + name + identityParts.get(0)
                    + " (identity) or " + name + " (a connection string)"));
        } else if (identityParts.size() > 1 && name.equals("LandingStorage")) {
            for (String part : identityParts) {
                if (blank(v.get(name + part))) {
                    out.add(new Finding(name + part, true, "is not set; the blob trigger with the Event Grid source"
                            + " needs both " + name + "__blobServiceUri and " + name + "__queueServiceUri"));
                }
            }
        }
    }

    /** The known name nearest to a mistyped one (edit distance at most 3), if any. */
    static Optional<String> closest(String name) {
        String best = null;
        int bestD = 4;
        for (String k : Setting.keys()) {
            int d = distance(name.toUpperCase(Locale.ROOT), k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
