package com.wwi.lakehouse.ingest;

import com.wwi.lakehouse.datasets.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The rows of one commit, waiting: Bronze rows and quarantine records, each with the position (sequence number or
 * chunk version) it belongs to; for each Bronze row also its raw record (the event's or line's bytes, or the line's
 * text), kept for the quarantine in case the lake refuses the row.
 */
final class Staged {
    final Dataset dataset;
    final BronzeRow layout;
    final List<Object[]> bronze = new ArrayList<>();
    final List<Long> bronzePos = new ArrayList<>();
    final List<Object> bronzeRaw = new ArrayList<>();
    final List<QuarantineRecord> quarantine = new ArrayList<>();
    final List<Long> quarantinePos = new ArrayList<>();

    Staged(Dataset dataset, BronzeRow layout) {
        this.dataset = dataset;
        this.layout = layout;
    }

    void addBronze(Object[] row, Object raw, long position) {
        bronze.add(row);
        bronzeRaw.add(raw);
        bronzePos.add(position);
    }

    void addQuarantine(QuarantineRecord record, long position) {
        quarantine.add(record);
        quarantinePos.add(position);
    }

    int indexOfBronze(Object[] row) {
        for (int i = 0; i < bronze.size(); i++) {
            if (bronze.get(i) == row) {
                return i;
            }
        }
        return -1;
    }

    /** Leaves out the Bronze rows and quarantine records at these source coordinates; returns how many. */
    int dropAt(Set<String> coordinates) {
        int dropped = 0;
        for (int i = bronze.size() - 1; i >= 0; i--) {
            Object[] row = bronze.get(i);
            if (coordinates.contains(layout.source(row) + "\n" + layout.offset(row))) {
                bronze.remove(i);
                bronzeRaw.remove(i);
                bronzePos.remove(i);
                dropped++;
            }
        }
        for (int i = quarantine.size() - 1; i >= 0; i--) {
            QuarantineRecord q = quarantine.get(i);
            if (coordinates.contains(q.source() + "\n" + q.sourceOffset())) {
                quarantine.remove(i);
                quarantinePos.remove(i);
                dropped++;
            }
        }
        return dropped;
    }

    int size() {
        return bronze.size() + quarantine.size();
    }

    /** Every row at one position: a file's chunk is committed under its chunk version. */
    void setPosition(long p) {
        bronzePos.replaceAll(x -> p);
        quarantinePos.replaceAll(x -> p);
    }

    /** The quarantine records as table rows. */
    List<Object[]> quarantineRows() {
        List<Object[]> rows = new ArrayList<>(quarantine.size());
        for (QuarantineRecord q : quarantine) {
            rows.add(q.toRow());
        }
        return rows;
    }
}
