package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.datasets.Format;
import com.wwi.lakehouse.lake.Column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The records of a landed file, one per non-blank line: typed, or with the reason they could not be. Reads the
 * header of CSV-with-header files first and says whether the file is usable at all.
 */
final class FileRecords {
    /**
     * A record: line number, text (null when not UTF-8, or not decoded: a typed JSON line read from its bytes),
     * raw bytes (when the text is null or the record has an error), and either the typed row or the error.
     */
    record Record(long offset, String text, byte[] bytes, Object[] row, RecordException error) {
    }

    private final Dataset dataset;
    private Typer typer;
    private final LineReader lines;
    private LineReader.Line pending;
    /** The header's names when it is wider than the schema (matched by name), else null (by position). */
    private List<String> headerNames;
    private Typer.Header header;

    FileRecords(Dataset dataset, Typer typer, LineReader lines) {
        this.dataset = dataset;
        this.typer = typer;
        this.lines = lines;
    }

    /** Null if the file can be read record by record, else the reason to reject it whole. */
    String readHeader() throws IOException {
        LineReader.Line first = nextNonBlank();
        if (first == null) {
            return null; // empty file: nothing to land
        }
        for (byte b : first.bytes()) {
            if (b == 0) {
                return "binary file (NUL bytes in the first line); expected " + describe();
            }
        }
        if (dataset.format() != Format.CSV_WITH_HEADER) {
            pending = first;
            return null;
        }
        String text = BronzeIngest.decode(first.bytes());
        if (text == null) {
            return "header line is not UTF-8 text; expected " + describe();
        }
        List<String> header;
        try {
            header = Csv.split(text);
        } catch (Csv.CsvException e) {
            return "unreadable header: " + e.getMessage();
        }
        int expected = dataset.sourceSchema().size();
        if (header.size() < expected) {
            return "header has " + header.size() + " columns, " + dataset.folder() + " files have " + expected
                    + " (" + String.join(",", dataset.sourceSchema().names()) + ")";
        }
        if (header.size() > expected) { // a wider header: columns by name, the others are unknown fields
            headerNames = header;
            return map(typer);
        }
        return null;
    }

    /** The columns the header's unknown names would become under {@code evolve}. */
    List<Column> newColumns() {
        return header == null ? List.of() : typer.newCsvColumns(header);
    }

    /** Types the next records with {@code t} (the table gained columns); the reason when the header no longer maps. */
    String retype(Typer t) {
        typer = t;
        return headerNames == null ? null : map(t);
    }

    private String map(Typer t) {
        String[] problem = new String[1];
        header = t.header(headerNames, problem);
        return header == null ? "header has " + headerNames.size() + " columns, " + dataset.folder() + " files have "
                + dataset.sourceSchema().size() + ": " + problem[0] : null;
    }

    private String describe() {
        return switch (dataset.format()) {
            case JSON_LINES -> "JSON lines";
            case CSV_WITH_HEADER -> "CSV with a header";
            case CSV_NO_HEADER -> "CSV without a header";
        };
    }

    private LineReader.Line nextNonBlank() throws IOException {
        LineReader.Line l;
        while ((l = lines.next()) != null) {
            if (!isBlank(l.bytes())) {
                return l;
            }
        }
        return null;
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) {
            if (x != ' ' && x != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code r} typed again by the current typer (after the table gained the columns it asked for); its text is
     * decoded if it was not.
     */
    Record again(Record r) {
        String text = r.text() != null ? r.text() : BronzeIngest.decode(r.bytes());
        byte[] bytes = r.bytes() != null ? r.bytes() : text.getBytes(StandardCharsets.UTF_8);
        try {
            Object[] row = dataset.format() == Format.JSON_LINES ? typer.fromJson(bytes, null)
                    : typer.fromCsv(Csv.split(text), header);
            return new Record(r.offset(), text, null, row, null);
        } catch (RecordException e) {
            return new Record(r.offset(), text, bytes, null, e);
        } catch (Csv.CsvException e) {
            return new Record(r.offset(), text, bytes, null, RecordException.parse(e.getMessage()));
        }
    }

    Record next() throws IOException {
        LineReader.Line line = pending != null ? pending : nextNonBlank();
        pending = null;
        if (line == null) {
            return null;
        }
        return parse(dataset, typer, header, line.number(), line.bytes());
    }

    /**
     * One record of {@code dataset} (a line's bytes, without its end): typed, or with the reason it is not. The one
     * parser of a record, for the lines of a landed file and for a quarantined record replayed. {@code header} maps
     * the fields of a CSV file whose header is wider than the schema by name; null reads them by position (a
     * replayed record, whose file's header the quarantine does not keep).
     */
    static Record parse(Dataset dataset, Typer typer, Typer.Header header, long number, byte[] bytes) {
        if (dataset.format() == Format.JSON_LINES) {
            Object[] row = typer.fastJson(bytes); // valid UTF-8 when not null; the text is decoded if needed
            if (row != null) {
                return new Record(number, null, bytes, row, null);
            }
        }
        String text = BronzeIngest.decode(bytes);
        if (text == null) {
            return new Record(number, null, bytes, null, RecordException.parse("line is not valid UTF-8"));
        }
        String blank = Typer.blankReason(text);
        if (blank != null) {
            return new Record(number, text, bytes, null, RecordException.parse(blank));
        }
        try {
            // JSON from the (valid UTF-8) bytes, as an Event Hub body is read: one record, one outcome, either way
            Object[] row = dataset.format() == Format.JSON_LINES ? typer.fromJson(bytes, null)
                    : typer.fromCsv(Csv.split(text), header);
            return new Record(number, text, null, row, null);
        } catch (RecordException e) {
            return new Record(number, text, bytes, null, e);
        } catch (Csv.CsvException e) {
            return new Record(number, text, bytes, null, RecordException.parse(e.getMessage()));
        }
    }
}
