package com.wwi.lakehouse.sample;

import com.wwi.lakehouse.datasets.Dataset;

import java.util.List;
import java.util.Locale;

/**
 * How the generator writes each landing {@link Dataset} (whose folder, format and schema are declared there, once):
 * file names, header, line terminator, row counts per scale and the {@link LineSource} that produces its records.
 */
public enum SampleDataset {

    /** JSON lines, {@code tweets/part-00000.json, part-00001.json, ...}, at most 10,000 lines each. */
    TWEETS(Dataset.TWEETS, 10_000, 1, 10_000, "part", ".json", null, "\n"),
    /** {@code campaigns/campaign-data2.csv}; 39 rows at scale 1, never fewer than 8. */
    CAMPAIGNS(Dataset.CAMPAIGNS, 39, 8, 100_000, "campaign-data2", ".csv", Csv.line(CampaignSource.HEADER), "\n"),
    /** {@code churn/CustomerChurnData.csv}. */
    CHURN(Dataset.CHURN, 7_000, 1, 100_000, "CustomerChurnData", ".csv", Csv.line(ChurnSource.HEADER), "\n"),
    /** {@code store-transactions/dbo.SalesTransData.txt}: no header, every field quoted, CRLF. */
    STORE_TRANSACTIONS(Dataset.STORE_TRANSACTIONS, 10_000, 1, 200_000, "dbo.SalesTransData", ".txt", null, "\r\n"),
    /** {@code sales/SalesDataAfterCampaign.csv}. */
    SALES(Dataset.SALES, 2_000, 1, 100_000, "SalesDataAfterCampaign", ".csv", Csv.line(SalesSource.HEADER), "\n");

    private final Dataset dataset;
    private final long rowsAtScale1;
    private final long minRows;
    private final int maxRowsPerFile;
    private final String stem;
    private final String extension;
    private final String header;
    private final String lineSeparator;

    SampleDataset(Dataset dataset, long rowsAtScale1, long minRows, int maxRowsPerFile, String stem, String extension,
            String header, String lineSeparator) {
        this.dataset = dataset;
        this.rowsAtScale1 = rowsAtScale1;
        this.minRows = minRows;
        this.maxRowsPerFile = maxRowsPerFile;
        this.stem = stem;
        this.extension = extension;
        this.header = header;
        this.lineSeparator = lineSeparator;
    }

    /** The landing dataset these files are. */
    public Dataset dataset() {
        return dataset;
    }

    /** The folder under the output directory, e.g. {@code tweets}: the dataset's landing folder. */
    public String folder() {
        return dataset.folder();
    }

    /** How the generator writes {@code dataset}. */
    public static SampleDataset of(Dataset dataset) {
        for (SampleDataset s : values()) {
            if (s.dataset == dataset) {
                return s;
            }
        }
        throw new IllegalArgumentException("the sample generator writes no " + dataset.folder() + " files");
    }

    /** The header line without terminator, or null when the files have none. */
    public String header() {
        return header;
    }

    /** The line terminator: LF, or CRLF for the store transactions. */
    public String lineSeparator() {
        return lineSeparator;
    }

    /** The most records one file holds. */
    public int maxRowsPerFile() {
        return maxRowsPerFile;
    }

    /** Records for a scale: {@code max(minimum, round(rowsAtScale1 * scale))}. */
    public long rows(double scale) {
        return Math.max(minRows, Math.round(rowsAtScale1 * scale));
    }

    /** Number of files that {@code rows} records fill. */
    public int fileCount(long rows) {
        return (int) Math.max(1, (rows + maxRowsPerFile - 1) / maxRowsPerFile);
    }

    /**
     * The name of file number {@code part} (0-based). Tweets: {@code part-00000.json}. Others: the lab's name for
     * part 0 ({@code campaign-data2.csv}), then {@code campaign-data2-00001.csv}, ...
     */
    public String fileName(int part) {
        if (this == TWEETS) {
            return String.format(Locale.ROOT, "%s-%05d%s", stem, part, extension);
        }
        return part == 0 ? stem + extension : String.format(Locale.ROOT, "%s-%05d%s", stem, part, extension);
    }

    /** The names of the files written for {@code rows} records, in order. */
    public List<String> fileNames(long rows) {
        int n = fileCount(rows);
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            names[i] = fileName(i);
        }
        return List.of(names);
    }

    /** A fresh source of this dataset's records for {@code seed}. */
    public LineSource newSource(long seed) {
        return switch (this) {
            case TWEETS -> new TweetSource(seed);
            case CAMPAIGNS -> new CampaignSource(seed);
            case CHURN -> new ChurnSource(seed);
            case STORE_TRANSACTIONS -> new StoreTransactionSource(seed);
            case SALES -> new SalesSource(seed);
        };
    }
}
