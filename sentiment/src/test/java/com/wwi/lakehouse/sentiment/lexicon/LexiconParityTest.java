package com.wwi.lakehouse.sentiment.lexicon;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.wwi.lakehouse.sentiment.data.SentimentData;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java ports score every labeled sentence exactly as the original JavaScript packages do (run with node,
 * which the build already needs for Azurite).
 */
public class LexiconParityTest {
    public static Path dataDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lakehouse"))) {
                return dir.resolve(".tools/sentiment-data");
            }
        }
        return Path.of(".tools/sentiment-data").toAbsolutePath();
    }

    @Test
    void afinnAndVaderMatchTheJavaScriptOriginalsOnEverySentence() throws Exception {
        SentimentData data = SentimentData.fetch(dataDir());
        Path script = Files.createTempFile("lexicon-reference", ".js");
        try (var in = getClass().getResourceAsStream("/lexicon-reference.js")) {
            Files.write(script, in.readAllBytes());
        }
        Process p = new ProcessBuilder("node", script.toString(), data.sentimentPackage().toString(),
                data.vaderPackage().toString()).redirectErrorStream(false).start();
        Afinn afinn = Afinn.load(data.sentimentPackage());
        Vader vader = Vader.load(data.vaderPackage());
        int n = 0;
        List<String> afinnDiffs = new ArrayList<>();
        List<String> vaderDiffs = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                String text = o.get("text").getAsString();
                int a = afinn.score(text);
                double v = vader.compound(text);
                if (a != o.get("afinn").getAsInt()) {
                    afinnDiffs.add(text + " -> " + a + " vs " + o.get("afinn"));
                }
                if (Math.abs(v - o.get("vader").getAsDouble()) > 1e-9) {
                    vaderDiffs.add(text + " -> " + v + " vs " + o.get("vader"));
                }
                n++;
            }
        }
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        assertTrue(n >= 2990, "sentences scored: " + n);
        assertEquals(List.of(), afinnDiffs.subList(0, Math.min(5, afinnDiffs.size())), afinnDiffs.size() + " AFINN differences");
        assertEquals(List.of(), vaderDiffs.subList(0, Math.min(5, vaderDiffs.size())), vaderDiffs.size() + " VADER differences");
        assertEquals(n, data.sentences().values().stream().mapToInt(List::size).sum(),
                "the same sentences, empty ones dropped");
    }
}
