package com.wwi.lakehouse.functions;

import com.wwi.lakehouse.pipeline.Setting;
import com.wwi.lakehouse.pipeline.Settings;
import com.wwi.lakehouse.sentiment.custom.SentimentModels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settings are declared once ({@link Setting}): everything that names a {@code LAKEHOUSE_*} setting (the README,
 * the example local settings, the Bicep template, the trigger annotations, the sentiment module) names one of the
 * catalog, and the README documents every one.
 */
class SettingCatalogTest {
    static final Path ROOT = InfraTemplateTest.ROOT;
    static final Pattern NAME = Pattern.compile("LAKEHOUSE_[A-Z][A-Z_]*[A-Z]");

    static Set<String> names(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String read(String path) throws IOException {
        return Files.readString(ROOT.resolve(path));
    }

    @Test
    void everySettingNamedAnywhereIsInTheCatalog() throws IOException {
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions/src/main/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(f));
            }
        }
        Map<String, String> places = Map.of("README.md", read("README.md"),
                "local.settings.json.example", read("local.settings.json.example"),
                "infra/bicep/main.bicep", read("infra/bicep/main.bicep"),
                "the function adapters and CLI", sources.toString());
        places.forEach((where, text) -> {
            Set<String> unknown = new TreeSet<>(names(text));
            unknown.removeAll(Setting.keys());
            assertEquals(Set.of(), unknown, where + " names settings the catalog does not declare");
        });
        for (String k : List.of(SentimentModels.MODEL, SentimentModels.TOKENIZER, SentimentModels.LABELS,
                SentimentModels.NEUTRAL_BELOW)) {
            assertTrue(Setting.named(k).isPresent(), k);
        }
    }

    @Test
    void theReadmeDocumentsEverySetting() throws IOException {
        Set<String> documented = names(read("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(documented.contains(s.key()), "README.md does not mention " + s.key() + " (" + s.description() + ")");
        }
    }

    @Test
    void aTriggerSettingIsSetByTheTemplateAndTheLocalExample() throws IOException {
        String bicep = read("infra/bicep/main.bicep");
        String local = read("local.settings.json.example");
        Set<String> triggers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(ROOT.resolve("functions/src/main/java/com/wwi/lakehouse/functions"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("%(LAKEHOUSE_[A-Z_]+)%").matcher(Files.readString(f));
                while (m.find()) {
                    triggers.add(m.group(1));
                }
            }
        }
        assertTrue(triggers.size() >= 6, "schedules, hub and consumer group: " + triggers);
        for (String k : triggers) {
            assertTrue(bicep.contains(k + ":"), "main.bicep does not set " + k + ", which a trigger reads");
            assertTrue(local.contains("\"" + k + "\""), "local.settings.json.example does not set " + k);
        }
    }

    @Test
    void aTypoIsRefusedWithTheKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(Map.of(
                "LAKEHOUSE_LAKE", "/tmp/lake", "LAKEHOUSE_CHUNK_ROW", "10")));
        assertTrue(e.getMessage().startsWith("unknown setting LAKEHOUSE_CHUNK_ROW; known: ["), e.getMessage());
        assertTrue(e.getMessage().contains("LAKEHOUSE_CHUNK_ROWS"), e.getMessage());
    }
}
