package com.wwi.lakehouse.sample;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link SampleDataGenerator#generate} wrote: records per dataset (header lines not counted; good and injected
 * bad records together, one per line), total bytes, every file written, in the order written, and the injected bad
 * records per dataset and kind.
 *
 * @param badRecords per dataset (all five, in enum order), the injected bad records per kind of that dataset (all its
 *                   {@link BadRecordKind#forDataset kinds}, zeros included); all zero when none were asked for
 */
public record Summary(long tweets, long campaigns, long churn, long storeTransactions, long sales, long bytes,
                      List<Path> files, Map<SampleDataset, Map<BadRecordKind, Long>> badRecords) {

    public Summary {
        files = List.copyOf(files);
        Map<SampleDataset, Map<BadRecordKind, Long>> copy = new EnumMap<>(SampleDataset.class);
        for (SampleDataset dataset : SampleDataset.values()) {
            Map<BadRecordKind, Long> given = badRecords == null ? null : badRecords.get(dataset);
            Map<BadRecordKind, Long> kinds = new EnumMap<>(BadRecordKind.class);
            for (BadRecordKind kind : BadRecordKind.forDataset(dataset)) {
                Long n = given == null ? null : given.get(kind);
                kinds.put(kind, n == null ? 0L : n);
            }
            copy.put(dataset, Collections.unmodifiableMap(kinds));
        }
        badRecords = Collections.unmodifiableMap(copy);
    }

    /** A summary without injected bad records. */
    public Summary(long tweets, long campaigns, long churn, long storeTransactions, long sales, long bytes,
                   List<Path> files) {
        this(tweets, campaigns, churn, storeTransactions, sales, bytes, files, null);
    }

    /** Records written for one dataset, good and bad. */
    public long count(SampleDataset dataset) {
        return switch (dataset) {
            case TWEETS -> tweets;
            case CAMPAIGNS -> campaigns;
            case CHURN -> churn;
            case STORE_TRANSACTIONS -> storeTransactions;
            case SALES -> sales;
        };
    }

    /** Injected bad records written for one dataset (included in {@link #count}). */
    public long bad(SampleDataset dataset) {
        long n = 0;
        for (long k : badRecords.get(dataset).values()) {
            n += k;
        }
        return n;
    }

    /** Injected bad records of one kind written for one dataset; 0 for a kind the dataset does not get. */
    public long bad(SampleDataset dataset, BadRecordKind kind) {
        return badRecords.get(dataset).getOrDefault(kind, 0L);
    }

    /** Injected bad records over all datasets. */
    public long badTotal() {
        long n = 0;
        for (SampleDataset dataset : SampleDataset.values()) {
            n += bad(dataset);
        }
        return n;
    }

    /** Good records written for one dataset: {@code count(dataset) - bad(dataset)}. */
    public long good(SampleDataset dataset) {
        return count(dataset) - bad(dataset);
    }
}
