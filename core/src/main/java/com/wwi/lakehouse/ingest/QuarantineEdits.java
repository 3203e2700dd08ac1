package com.wwi.lakehouse.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wwi.lakehouse.errors.Errors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file an operator edits: {@code quarantine export} writes one JSON object per line and record (its {@code id},
 * where it came from, why it is here, and its {@code payload} with its {@code encoding}); {@code quarantine replay
 * --edited} reads the edited file back, taking each line's {@code id} and {@code payload} (and {@code encoding},
 * {@code utf8} unless it says {@code base64}); the other fields are there to read and are ignored.
 */
public final class QuarantineEdits {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private QuarantineEdits() {
    }

    /** Writes one line per record; returns how many. */
    public static long write(List<Quarantine.Entry> entries, Writer out) throws IOException {
        long n = 0;
        for (Quarantine.Entry e : entries) {
            QuarantineRecord r = e.record();
            ObjectNode o = JSON.createObjectNode();
            o.put("id", e.id()).put("dataset", r.dataset()).put("source", r.source()).put("offset", r.sourceOffset())
                    .put("kind", r.kind().label()).put("reason", r.reason())
                    .put("quarantinedAt", r.quarantinedAt().toString()).put("encoding", r.rawEncoding())
                    .put("payload", r.raw());
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
            n++;
        }
        out.flush();
        return n;
    }

    /**
     * The edits of a file, by id, in file order.
     *
     * @param name the file's name, for the messages
     * @throws IllegalArgumentException naming the first bad line (not JSON, no id or payload, an id twice, bad base64)
     */
    public static Map<String, QuarantineReplay.Edit> read(Reader in, String name) throws IOException {
        Map<String, QuarantineReplay.Edit> out = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(in);
        String line;
        long number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode o;
            try {
                o = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "not JSON ("
                        + e.getOriginalMessage().lines().findFirst().orElse("") + ")"));
            }
            if (o == null || !o.isObject()) {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "not a JSON object"));
            }
            JsonNode id = o.get("id");
            if (id == null || !id.isTextual() || !ID.matcher(id.asText()).matches()) {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "no \"id\" of 32 hex digits"));
            }
            JsonNode payload = o.get("payload");
            if (payload == null || !payload.isTextual()) {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "no \"payload\" text"));
            }
            JsonNode encoding = o.get("encoding");
            String enc = encoding == null || encoding.isNull() ? "utf8" : encoding.asText();
            byte[] bytes;
            if (enc.equals("base64")) {
                try {
                    bytes = Base64.getDecoder().decode(payload.asText());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(Errors.badEditedLine(name, number, "the payload is not base64"));
                }
            } else if (enc.equals("utf8")) {
                bytes = payload.asText().getBytes(StandardCharsets.UTF_8);
            } else {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "encoding '" + enc
                        + "' is neither utf8 nor base64"));
            }
            if (out.put(id.asText(), new QuarantineReplay.Edit(id.asText(), bytes, payload.asText())) != null) {
                throw new IllegalArgumentException(Errors.badEditedLine(name, number, "id " + id.asText()
                        + " is in the file twice"));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(Errors.badEditedLine(name, number, "no record in the file"));
        }
        return out;
    }
}
