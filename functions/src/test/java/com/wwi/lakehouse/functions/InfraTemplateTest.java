package com.wwi.lakehouse.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.annotation.BlobTrigger;
import com.microsoft.azure.functions.annotation.EventHubTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import com.wwi.lakehouse.landing.LandingStore;
import com.wwi.lakehouse.pipeline.Settings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bicep template and the deploy scripts against the code: every setting a trigger or the pipeline reads is
 * provisioned, identity-based, with values the app accepts; the Event Grid subscription targets the blob
 * trigger's function and container. (No Bicep compiler runs here: `az deployment group create` compiles it.)
 */
class InfraTemplateTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path BICEP = ROOT.resolve("infra/bicep/main.bicep");

    /** The app settings block of main.bicep: name to the Bicep expression. */
    static Map<String, String> bicepAppSettings() throws IOException {
        String text = Files.readString(BICEP);
        int start = text.indexOf("resource appSettings 'Microsoft.Web/sites/config@");
        assertTrue(start >= 0, "main.bicep has the appSettings resource");
        int props = text.indexOf("properties: {", start);
        int end = closingBrace(text, props + "properties: ".length());
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+([A-Za-z_][A-Za-z0-9_]*):\\s*(.+?)\\s*$").matcher(text.substring(props + 13, end));
        while (m.find()) {
            assertFalse(out.containsKey(m.group(1)), "set twice: " + m.group(1));
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static int closingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new AssertionError("unbalanced braces in main.bicep after " + open);
    }

    /** A quoted literal ('...') as its value; null for an expression. */
    static String literal(String expr) {
        return expr.matches("'[^'$]*'") ? expr.substring(1, expr.length() - 1) : null;
    }

    /** Each parameter of main.bicep with a plain default: its default (quotes removed). */
    static Map<String, String> paramDefaults() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^param (\\w+) \\w+ = (.+?)\\s*$").matcher(Files.readString(BICEP));
        while (m.find()) {
            String v = m.group(2);
            out.put(m.group(1), v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    record Trigger(String function, Annotation annotation) {
    }

    static List<Trigger> triggers() throws Exception {
        List<Trigger> out = new ArrayList<>();
        try (var files = Files.list(Path.of("target/classes/com/wwi/lakehouse/functions"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName("com.wwi.lakehouse.functions." + name);
                for (Method m : c.getDeclaredMethods()) {
                    FunctionName fn = m.getAnnotation(FunctionName.class);
                    if (fn == null) {
                        continue;
                    }
                    for (Parameter p : m.getParameters()) {
                        for (Annotation a : p.getAnnotations()) {
                            if (a instanceof TimerTrigger || a instanceof EventHubTrigger || a instanceof BlobTrigger) {
                                out.add(new Trigger(fn.value(), a));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    static Set<String> percentNames(String... values) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : values) {
            Matcher m = Pattern.compile("%([^%]+)%").matcher(v);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    @Test
    void everyTriggerSettingAndConnectionIsProvisionedIdentityBased() throws Exception {
        Map<String, String> s = bicepAppSettings();
        List<Trigger> triggers = triggers();
        assertEquals(7, triggers.size(), "one trigger per function: " + triggers);
        for (Trigger t : triggers) {
            Set<String> names = new LinkedHashSet<>();
            List<String> connectionKeys = new ArrayList<>();
            if (t.annotation() instanceof TimerTrigger a) {
                names.addAll(percentNames(a.schedule()));
                assertFalse(names.isEmpty(), t.function() + ": schedules come from a setting");
            } else if (t.annotation() instanceof EventHubTrigger a) {
                names.addAll(percentNames(a.eventHubName(), a.consumerGroup()));
                connectionKeys.addAll(List.of(a.connection() + "__fullyQualifiedNamespace", a.connection() + "__credential",
                        a.connection() + "__clientId"));
            } else if (t.annotation() instanceof BlobTrigger a) {
                assertEquals("EventGrid", a.source(), "Flex Consumption needs the Event Grid source");
                connectionKeys.addAll(List.of(a.connection() + "__blobServiceUri", a.connection() + "__queueServiceUri",
                        a.connection() + "__credential", a.connection() + "__clientId"));
                String container = a.path().substring(0, a.path().indexOf('/'));
                assertEquals("'" + container + "'", s.get("LAKEHOUSE_LANDING_CONTAINER"), "the sweep reads the trigger's container");
                String bicep = Files.readString(BICEP);
                assertTrue(Pattern.compile("(?s)var lakeContainers = \\[[^]]*'" + container + "'").matcher(bicep).find(),
                        "the " + container + " container is created");
                String subscribe = Files.readString(ROOT.resolve("infra/subscribe-landing.sh"));
                assertTrue(subscribe.contains("functionName=Host.Functions." + t.function() + "&"), "the webhook names " + t.function());
                assertTrue(subscribe.contains("/blobServices/default/containers/" + container + "/blobs/"),
                        "events of the " + container + " container only");
            }
            for (String n : names) {
                assertTrue(s.containsKey(n), t.function() + " reads %" + n + "%; main.bicep does not set it");
            }
            for (String k : connectionKeys) {
                assertTrue(s.containsKey(k), t.function() + " connects with " + k + "; main.bicep does not set it");
                if (k.endsWith("__credential")) {
                    assertEquals("'managedidentity'", s.get(k), k);
                }
            }
        }
        for (String k : List.of("AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri",
                "AzureWebJobsStorage__tableServiceUri", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId")) {
            assertTrue(s.containsKey(k), "the host's own storage, identity-based: " + k);
        }
    }

    @Test
    void thePipelineAcceptsTheProvisionedSettings() throws Exception {
        Map<String, String> s = bicepAppSettings();
        Map<String, String> defaults = paramDefaults();
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : s.entrySet()) {
            String expr = e.getValue();
            Matcher str = Pattern.compile("string\\((\\w+)\\)").matcher(expr);
            String v = literal(expr) != null ? literal(expr) // a literal, a parameter's default, or a stand-in
                    : defaults.containsKey(expr) ? defaults.get(expr)
                    : str.matches() && defaults.containsKey(str.group(1)) ? defaults.get(str.group(1)) : "x";
            env.put(e.getKey(), v);
        }
        env.put("LAKEHOUSE_LAKE", "abfss://lake@account.dfs.core.windows.net/wwi");
        Settings settings = Settings.from(env); // throws on an unknown LAKEHOUSE_* name or a bad value
        assertEquals(Duration.ofHours(168), settings.vacuumRetention());
        assertEquals(LandingStore.AfterIngest.ARCHIVE,
                LandingStore.AfterIngest.parse(env.get("LAKEHOUSE_AFTER_INGEST")));
        for (String k : List.of("LAKEHOUSE_SWEEP_SCHEDULE", "LAKEHOUSE_SILVER_SCHEDULE", "LAKEHOUSE_GOLD_SCHEDULE",
                "LAKEHOUSE_MAINTENANCE_SCHEDULE")) {
            assertEquals(6, env.get(k).split(" ").length, k + " is a six-field NCRONTAB: " + env.get(k));
        }
        assertTrue(Set.of("default", "managed-identity", "azure-cli", "environment").contains(settings.azureCredential()),
                settings.azureCredential());
        assertTrue(s.get("LAKEHOUSE_LAKE").startsWith("'abfss://lake@"), "the lake is the lake container: " + s.get("LAKEHOUSE_LAKE"));
        assertTrue(Set.of("dfs", "blob").contains(literal(s.get("LAKEHOUSE_LANDING_API"))));
        assertTrue("'true'".equals(s.get("DJL_OFFLINE")) && "'true'".equals(s.get("OPT_OUT_TRACKING"))
                && s.containsKey("DJL_CACHE_DIR"), "DJL stays offline in Azure too (an environment variable: on "
                + "Flex Consumption JAVA_OPTS may not reach the JVM; the code defaults to offline as well)");
        assertFalse(s.containsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption takes the runtime from functionAppConfig");
        assertFalse(s.containsKey("AzureWebJobsStorage"), "no connection string: shared-key access is disabled");
    }

    @Test
    void everyExampleSettingIsProvisionedAndTheParameterFileMatchesTheTemplate() throws Exception {
        Map<String, String> s = bicepAppSettings();
        JsonNode values = new ObjectMapper().readTree(ROOT.resolve("local.settings.json.example").toFile()).get("Values");
        for (var it = values.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("FUNCTIONS_WORKER_RUNTIME") || k.equals("AzureWebJobsStorage")) {
                continue; // local only: Flex Consumption sets the runtime; in Azure the host storage is identity-based
            }
            assertTrue(s.containsKey(k), "local.settings.json.example has " + k + "; main.bicep does not set it");
        }
        String bicep = Files.readString(BICEP);
        Set<String> params = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^param (\\w+) ").matcher(bicep);
        while (m.find()) {
            params.add(m.group(1));
        }
        Matcher p = Pattern.compile("(?m)^param (\\w+) =").matcher(Files.readString(ROOT.resolve("infra/bicep/main.bicepparam")));
        int n = 0;
        while (p.find()) {
            assertTrue(params.contains(p.group(1)), "main.bicepparam sets " + p.group(1) + ", which main.bicep lacks");
            n++;
        }
        assertTrue(n > 5, "main.bicepparam spells out the parameters");
        // every resource named in a dependsOn is declared
        Matcher d = Pattern.compile("(?s)dependsOn: \\[(.*?)]").matcher(bicep);
        while (d.find()) {
            for (String r : d.group(1).trim().split("\\s+")) {
                assertTrue(bicep.contains("\nresource " + r + " "), "dependsOn names an undeclared resource: " + r);
            }
        }
    }

    /**
     * The monitoring is one set of queries: every file under infra/monitoring/ is loaded by main.bicep (the workbook's
     * seven views, the five alert rules), every metric the code emits is used by some query, and every lakehouse.*
     * metric a query names is one the code emits; each alert's measure column is one its query produces, and the
     * alerts go to the action group, with the e-mail a parameter.
     */
    @Test
    void theWorkbookAndAlertsQueryExactlyTheMetricsTheCodeEmits() throws Exception {
        String bicep = Files.readString(BICEP);
        Path dir = ROOT.resolve("infra/monitoring");
        Set<String> used = new LinkedHashSet<>();
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".kql")).sorted().toList();
        }
        assertEquals(12, files.size(), files.toString());
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertTrue(bicep.contains("loadTextContent('../monitoring/" + name + "')"), "main.bicep loads " + name);
            String kql = Files.readString(f);
            assertTrue(kql.contains("customMetrics"), name + " reads customMetrics");
            Matcher m = Pattern.compile("\"(lakehouse\\.[a-z.]+)\"").matcher(kql);
            while (m.find()) {
                assertTrue(RunTelemetry.METRICS.contains(m.group(1)), name + " queries " + m.group(1) + ", which the code never emits");
                used.add(m.group(1));
            }
            for (String dimension : List.of("stage", "table", "status", "partition", "rule", "action", "layer")) {
                // a dimension a query reads is one the code sets
                if (kql.contains("customDimensions[\"" + dimension + "\"]")) {
                    assertTrue(Files.readString(ROOT.resolve("functions/src/main/java/com/wwi/lakehouse/functions/RunTelemetry.java"))
                            .contains("stringKey(\"" + dimension + "\")"), dimension);
                }
            }
        }
        for (String metric : RunTelemetry.METRICS) {
            assertTrue(used.contains(metric), "the code emits " + metric + "; no query under infra/monitoring uses it");
        }
        // the alerts: four, each measuring a column its query makes, to the action group
        Matcher a = Pattern.compile("(?s)name: '([a-z-]+)'\\s+description: '[^\n]*'\\s+severity: \\d\\s+query: loadTextContent\\('\\.\\./monitoring/(alert-[a-z-]+\\.kql)'\\)\\s+measure: '(\\w+)'").matcher(bicep);
        int alerts = 0;
        while (a.find()) {
            String kql = Files.readString(dir.resolve(a.group(2)));
            assertTrue(kql.contains(a.group(3) + " ="), a.group(2) + " computes " + a.group(3));
            alerts++;
        }
        assertEquals(5, alerts, "failed run, quarantine rate, freshness, Event Hub lag in seconds and in events");
        for (String s : List.of("resource workbook 'Microsoft.Insights/workbooks@2023-06-01'",
                "resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01'",
                "resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-12-01'", "emailAddress: alertEmail",
                "alertGroup.id", "APPLICATIONINSIGHTS_ENABLE_AGENT: 'true'", "threshold: freshnessThresholdMinutes * 60",
                "threshold: quarantineRateThresholdPercent", "threshold: eventHubLagThresholdSeconds",
                "threshold: eventHubBacklogThresholdEvents")) {
            assertTrue(bicep.contains(s), "main.bicep: " + s);
        }
    }

    @Test
    void theScriptsKeepTheKeyOffCommandLinesRetryTheUploadAndShipNoLocalSettings() throws Exception {
        String subscribe = Files.readString(ROOT.resolve("infra/subscribe-landing.sh"));
        for (String line : subscribe.lines().toList()) {
            String code = line.strip();
            if (code.startsWith("#") || !code.contains("$key")) {
                continue;
            }
            // only the key's own capture and tests, and the builtin printf into the request body, name it
            assertTrue(code.startsWith("key=$(") || code.contains("-n \"$key\"") || code.contains("-z \"$key\"")
                    || code.startsWith("\"$host\" \"$key\" > \"$body\""), "the key on a command line: " + code);
        }
        assertTrue(subscribe.contains("chmod 600 \"$body\""), "the body file is readable by its user only");
        assertTrue(subscribe.contains("--body @\"$body\""), "az reads the body from the file");
        assertTrue(subscribe.contains("trap 'rm -f \"$body\"' EXIT"), "the file is removed whatever happens");

        String deploy = Files.readString(ROOT.resolve("infra/deploy.sh"));
        assertTrue(deploy.contains("zip -qr ../../wwi-lakehouse.zip . -x local.settings.json"), "no local settings zipped");
        assertTrue(deploy.contains("for attempt in 1 2 3 4 5 6 7; do"), "the upload is retried, a bounded number of times");
        assertTrue(deploy.contains("role assignments can take minutes to apply"), "and says why it waits");
        assertTrue(deploy.contains("for cmd in az mvn node npm zip; do"), "every tool the build needs is checked first");
        assertTrue(deploy.contains("[[ \"$1\" != -* ]]"), "`-p ...` right after the group is not taken for a location");

        String pom = Files.readString(ROOT.resolve("functions/pom.xml"));
        assertTrue(pom.contains("<include>local.settings.json</include>") && pom.contains("<requireFilesDontExist>"),
                "the build leaves a local.settings.json out of the package and checks it");
    }

    @Test
    void leastPrivilegeARecoverableLakeAndNoBasicPublishing() throws Exception {
        String bicep = Files.readString(BICEP);
        // Blob Data Owner (ACLs, ownership) only where the Functions host needs it: its own storage account
        Matcher owner = Pattern.compile("roleDefinitions', roles\\.storageBlobDataOwner\\)").matcher(bicep);
        int owners = 0;
        while (owner.find()) {
            owners++;
        }
        assertEquals(1, owners, "one Blob Data Owner assignment");
        int hostOwner = bicep.indexOf("resource hostBlobOwner ");
        assertTrue(hostOwner >= 0 && bicep.indexOf("scope: hostStorage", hostOwner) < bicep.indexOf("\n}", hostOwner));
        int lake = bicep.indexOf("resource lakeBlobContributor ");
        assertTrue(lake >= 0 && bicep.substring(lake, bicep.indexOf("\n}", lake)).contains("roles.storageBlobDataContributor"),
                "the app writes the lake as a Blob Data Contributor");
        // the data user: per container, reader on the lake by default, contributor on landing, reader on the rest
        assertTrue(bicep.contains("scope: containers[r.container]"), "the data user's roles are scoped per container");
        assertTrue(bicep.contains("role: dataUserLakeAccess == 'contributor' ? roles.storageBlobDataContributor : roles.storageBlobDataReader"));
        assertTrue(bicep.contains("param dataUserLakeAccess string = 'reader'"), "a reader by default");
        assertTrue(bicep.contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe") && bicep.contains("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
                "the built-in Blob Data Contributor and Reader role ids");
        // recoverable: soft delete of blobs and containers, a delete lock on the account
        int blobs = bicep.indexOf("resource lakeBlobs ");
        String blobService = bicep.substring(blobs, bicep.indexOf("\n}", blobs));
        assertTrue(blobService.contains("deleteRetentionPolicy: {\n      enabled: true\n      days: softDeleteDays"));
        assertTrue(blobService.contains("containerDeleteRetentionPolicy: {\n      enabled: true\n      days: softDeleteDays"));
        assertTrue(bicep.contains("resource lakeLock 'Microsoft.Authorization/locks@2020-05-01' = if (lockLake)")
                && bicep.contains("level: 'CanNotDelete'") && bicep.contains("param lockLake bool = true"));
        // audit: storage writes and deletes (reads on demand) and the Event Hubs operations go to Log Analytics
        for (String d : List.of("lakeAudit", "hostAudit", "eventHubsAudit")) {
            int i = bicep.indexOf("resource " + d + " 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview'");
            assertTrue(i >= 0 && bicep.substring(i, bicep.indexOf("\n}", i)).contains("workspaceId: logs.id"), d);
        }
        assertTrue(bicep.contains("scope: lakeBlobs") && bicep.contains("scope: hostBlobs") && bicep.contains("scope: eventHubs"));
        assertTrue(bicep.contains("category: 'StorageWrite'") && bicep.contains("category: 'StorageDelete'")
                && bicep.contains("var storageLogs = concat(auditReads ? ["), "writes and deletes always, reads with auditReads");
        // publishing: no FTP(S), no basic authentication
        assertTrue(bicep.contains("ftpsState: 'Disabled'"));
        for (String policy : List.of("ftp", "scm")) {
            int i = bicep.indexOf("resource " + policy + "BasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01'");
            assertTrue(i >= 0 && bicep.substring(i, bicep.indexOf("\n}", i)).contains("allow: false"), policy);
        }
    }

    @Test
    void onePrivateNetworkParameterClosesEveryPublicEndpointTheAppUses() throws Exception {
        String bicep = Files.readString(BICEP);
        assertEquals("Enabled", paramDefaults().get("publicNetworkAccess"), "public by default, as before");
        assertTrue(bicep.contains("@allowed([\n  'Enabled'\n  'Disabled'\n])\nparam publicNetworkAccess string"));
        assertTrue(bicep.contains("var privateNetwork = publicNetworkAccess == 'Disabled'"));
        // both storage accounts and the Event Hubs namespace follow the parameter
        for (String r : List.of("hostStorage", "lakeStorage")) {
            String body = resource(bicep, r);
            assertTrue(body.contains("properties: union(storageNetwork, {"), r + " takes the network settings");
        }
        assertTrue(bicep.contains("publicNetworkAccess: publicNetworkAccess\n  networkAcls: {\n    defaultAction: privateNetwork ? 'Deny' : 'Allow'\n    bypass: 'AzureServices'"));
        assertTrue(resource(bicep, "eventHubs").contains("publicNetworkAccess: publicNetworkAccess"));
        // the network, only when private: a subnet delegated to Flex Consumption, one for the endpoints
        String vnet = resource(bicep, "vnet");
        assertTrue(vnet.contains("= if (privateNetwork)") && vnet.contains("serviceName: 'Microsoft.App/environments'")
                && vnet.contains("cidrSubnet(vnetAddressPrefix, 24, 0)") && vnet.contains("cidrSubnet(vnetAddressPrefix, 24, 1)"));
        for (String r : List.of("zones", "zoneLinks", "privateEndpoints", "privateEndpointDns")) {
            assertTrue(resource(bicep, r).contains("if (privateNetwork) {"), r + " only when private");
        }
        // an endpoint for every service the app talks to, each with its zone
        Matcher e = Pattern.compile("name: '([\\w-]+)'\\n    service: (\\w+)\\.id\\n    group: '(\\w+)'\\n    zone: (\\d)").matcher(bicep);
        Map<String, String> endpoints = new LinkedHashMap<>();
        List<String> zones = List.of("blob", "queue", "table", "dfs", "servicebus");
        while (e.find()) {
            endpoints.put(e.group(2) + "/" + e.group(3), zones.get(Integer.parseInt(e.group(4))));
        }
        assertEquals(Map.of("hostStorage/blob", "blob", "hostStorage/queue", "queue", "hostStorage/table", "table",
                "lakeStorage/blob", "blob", "lakeStorage/dfs", "dfs", "lakeStorage/queue", "queue",
                "eventHubs/namespace", "servicebus"), endpoints);
        for (String z : List.of("'privatelink.blob.${environment().suffixes.storage}'", "'privatelink.queue.${environment().suffixes.storage}'",
                "'privatelink.table.${environment().suffixes.storage}'", "'privatelink.dfs.${environment().suffixes.storage}'",
                "'privatelink.servicebus.windows.net'")) {
            assertTrue(bicep.contains("  " + z + "\n"), z);
        }
        assertTrue(bicep.indexOf("'privatelink.blob.") < bicep.indexOf("'privatelink.queue.")
                && bicep.indexOf("'privatelink.queue.") < bicep.indexOf("'privatelink.table.")
                && bicep.indexOf("'privatelink.table.") < bicep.indexOf("'privatelink.dfs.")
                && bicep.indexOf("'privatelink.dfs.") < bicep.indexOf("'privatelink.servicebus."), "zone indexes as listed");
        // the app joins the network when private, and starts only once the endpoints resolve
        String app = resource(bicep, "app");
        assertTrue(app.contains("virtualNetworkSubnetId: privateNetwork ? resourceId('Microsoft.Network/virtualNetworks/subnets', vnetName, 'app') : null"));
        assertTrue(app.contains("privateEndpointDns") && app.contains("zoneLinks"));
        // the lab's connections use exactly these services: the host's blob/queue/table and the lake over dfs
        Map<String, String> settings = bicepAppSettings();
        assertTrue(settings.keySet().containsAll(List.of("AzureWebJobsStorage__blobServiceUri",
                "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri")), "" + settings.keySet());
        assertTrue(settings.get("LAKEHOUSE_LAKE").contains(".dfs."), settings.get("LAKEHOUSE_LAKE"));
        // documented
        String readme = Files.readString(ROOT.resolve("infra/bicep/README.md"));
        assertTrue(readme.contains("## Private network") && readme.contains("-p publicNetworkAccess=Disabled"));
        String params = Files.readString(ROOT.resolve("infra/bicep/main.bicepparam"));
        assertTrue(params.contains("param publicNetworkAccess = 'Enabled'") && params.contains("param vnetAddressPrefix = '10.42.0.0/16'"));
    }

    /** The text of {@code resource name ...} up to its closing line. */
    static String resource(String bicep, String name) {
        int i = bicep.indexOf("\nresource " + name + " ");
        assertTrue(i >= 0, "resource " + name);
        return bicep.substring(i, bicep.indexOf("\n}", i) + 2);
    }

    @Test
    void theLocalExampleRunsOnAzuriteAloneAndThePipelineAcceptsIt() throws Exception {
        JsonNode values = new ObjectMapper().readTree(ROOT.resolve("local.settings.azurite.json.example").toFile())
                .get("Values");
        Map<String, String> env = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        assertEquals("UseDevelopmentStorage=true", env.get("AzureWebJobsStorage"), "the host's storage: Azurite");
        assertEquals("UseDevelopmentStorage=true", env.get("LandingStorage"), "the landing: Azurite");
        assertEquals("blob", env.get("LAKEHOUSE_LANDING_API"), "Azurite serves no Data Lake (DFS) API");
        assertEquals("true", env.get("AzureWebJobs.TweetsEventHub.Disabled"), "no Event Hubs emulator without Docker");
        assertFalse(env.get("LAKEHOUSE_LAKE").startsWith("abfss://"), "a local lake");
        Settings.from(env); // throws on an unknown LAKEHOUSE_* name or a bad value
        // every setting of the Azure example is here too, so the two do not drift apart
        JsonNode azure = new ObjectMapper().readTree(ROOT.resolve("local.settings.json.example").toFile()).get("Values");
        for (var it = azure.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertTrue(env.containsKey(k) || k.startsWith("LandingStorage__") || k.startsWith("LAKEHOUSE_AZURE_"),
                    "local.settings.azurite.json.example lacks " + k);
        }
    }

    /**
     * Resource types and API versions checked on 2026-12-07 against the published ARM specifications
     * (Azure/azure-rest-api-specs, specification/.../resource-manager/..., and Azure/bicep-types-az/generated, from
     * which the template reference at learn.microsoft.com/azure/templates is generated). A type or version not in
     * this list fails the test until someone checks it the same way and adds it with the date.
     */
    static final Set<String> CHECKED_TYPES = Set.of(
            "Microsoft.Authorization/locks@2020-05-01",
            "Microsoft.Authorization/roleAssignments@2022-04-01",
            "Microsoft.EventGrid/systemTopics@2022-06-15",
            "Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15",
            "Microsoft.EventHub/namespaces@2024-01-01",
            "Microsoft.EventHub/namespaces/eventhubs@2024-01-01",
            "Microsoft.EventHub/namespaces/eventhubs/consumergroups@2024-01-01",
            "Microsoft.Insights/actionGroups@2023-01-01",
            "Microsoft.Insights/components@2020-02-02",
            "Microsoft.Insights/diagnosticSettings@2021-05-01-preview",
            "Microsoft.Insights/scheduledQueryRules@2023-12-01",
            "Microsoft.Insights/workbooks@2023-06-01",
            "Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31",
            "Microsoft.Network/privateDnsZones@2020-06-01",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01",
            "Microsoft.Network/privateEndpoints@2024-05-01",
            "Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01",
            "Microsoft.Network/virtualNetworks@2024-05-01",
            "Microsoft.OperationalInsights/workspaces@2023-09-01",
            "Microsoft.Storage/storageAccounts@2023-05-01",
            "Microsoft.Storage/storageAccounts/blobServices@2023-05-01",
            "Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01",
            "Microsoft.Web/serverfarms@2024-04-01",
            "Microsoft.Web/sites@2024-04-01",
            "Microsoft.Web/sites/config@2024-04-01",
            "Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01");

    @Test
    void everyResourceTypeAndApiVersionIsAPublishedOne() throws Exception {
        Matcher m = Pattern.compile("(?m)^resource \\w+ '([^']+)'").matcher(Files.readString(BICEP));
        int n = 0;
        while (m.find()) {
            assertTrue(CHECKED_TYPES.contains(m.group(1)), m.group(1) + " is not among the checked types and versions");
            n++;
        }
        assertTrue(n > 20, "found the resources: " + n);
        Matcher api = Pattern.compile("providers/Microsoft\\.EventGrid/systemTopics/\\$topic/eventSubscriptions/[^?]+\\?api-version=([\\w-]+)")
                .matcher(Files.readString(ROOT.resolve("infra/subscribe-landing.sh")));
        assertTrue(api.find(), "subscribe-landing.sh calls the Event Grid REST API");
        assertTrue(CHECKED_TYPES.contains("Microsoft.EventGrid/systemTopics/eventSubscriptions@" + api.group(1)));
    }
}
