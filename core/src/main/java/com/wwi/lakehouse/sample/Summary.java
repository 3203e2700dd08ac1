package com.wwi.lakehouse.sample;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SampleDataGenerator#generate} wrote: records per dataset (header lines not counted), total bytes,
 * and every file written, in the order written.
 */
public record Summary(long tweets, long campaigns, long churn, long storeTransactions, long sales, long bytes,
                      List<Path> files) {

    public Summary {
        files = List.copyOf(files);
    }

    /** Records written for one dataset. */
    public long count(SampleDataset dataset) {
        return switch (dataset) {
            case TWEETS -> tweets;
            case CAMPAIGNS -> campaigns;
            case CHURN -> churn;
            case STORE_TRANSACTIONS -> storeTransactions;
            case SALES -> sales;
        };
    }
}
