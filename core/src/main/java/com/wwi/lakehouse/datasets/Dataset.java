package com.wwi.lakehouse.datasets;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static com.wwi.lakehouse.datasets.Expectation.Action.DROP;
import static com.wwi.lakehouse.datasets.Expectation.Action.WARN;
import static com.wwi.lakehouse.datasets.Expectation.notNull;
import static com.wwi.lakehouse.datasets.Expectation.where;
import static com.wwi.lakehouse.lake.Column.of;
import static com.wwi.lakehouse.lake.ColumnType.DATE;
import static com.wwi.lakehouse.lake.ColumnType.DOUBLE;
import static com.wwi.lakehouse.lake.ColumnType.FLOAT;
import static com.wwi.lakehouse.lake.ColumnType.INT;
import static com.wwi.lakehouse.lake.ColumnType.STRING;
import static com.wwi.lakehouse.lake.ColumnType.TIMESTAMP;

/**
 * The five landing datasets of the lab (see {@code lab-pipeline.md}): landing folder, format, source schema
 * (the lab's, applied by position for CSV and by case-insensitive name for JSON), Bronze table and
 * expectations.
 */
public enum Dataset {
    TWEETS("tweets", "twitter_historical_data", Format.JSON_LINES,
            TableSchema.of(of("time", TIMESTAMP), of("hashtag", STRING), of("tweet", STRING), of("city", STRING),
                    of("username", STRING), of("retweetcount", INT), of("favouritecount", INT),
                    of("sentiment", STRING), Column.decimal("sentimentscore", 10, 0), of("isretweet", INT),
                    of("hourofday", STRING), of("language", STRING)),
            List.of(notNull("valid_city", "city", DROP),
                    where("non_negative_retweets", "retweetcount IS NULL OR retweetcount >= 0", WARN, "retweetcount",
                            v -> v == null || (Integer) v >= 0))),

    CAMPAIGNS("campaigns", "campaign_data", Format.CSV_WITH_HEADER,
            TableSchema.of(of("Region", STRING), of("Country", STRING), of("ProductCategory", STRING),
                    of("Campaign_ID", INT), of("Campaign_Name", STRING), of("Qualification", STRING),
                    of("Qualification_Number", STRING), of("Response_Status", STRING), of("Responses", FLOAT),
                    of("Cost", FLOAT), of("Revenue", FLOAT), of("ROI", FLOAT), of("Lead_Generation", STRING),
                    of("Revenue_Target", FLOAT), of("Campaign_Tactic", STRING), of("Customer_Segment", STRING),
                    of("Status", STRING), of("Profit", FLOAT), of("Marketing_Cost", FLOAT), of("CampaignID", INT),
                    of("CampDate", DATE), of("SORTED_ID", INT)),
            List.of(notNull("valid_campaign_name", "Campaign_Name", DROP),
                    notNull("valid_camp_date", "CampDate", DROP),
                    where("non_negative_cost", "Cost IS NULL OR Cost >= 0", WARN, "Cost",
                            v -> v == null || (Float) v >= 0))),

    CHURN("churn", "customer_churn_data", Format.CSV_WITH_HEADER,
            TableSchema.of(of("CustomerID", STRING), of("Gender", STRING), of("SeniorCitizen", INT),
                    of("Partner", STRING), of("Dependents", STRING), of("tenure_month", INT), of("Discount", STRING),
                    of("OutletSize", STRING), of("OnlineDelivery", STRING), of("OrderStatus", STRING),
                    of("CustomerSupport", STRING), of("Brand", STRING), of("StoreContract", STRING),
                    of("PaperlessBilling", STRING), of("PaymentMethod", STRING), of("UnitPrice", DOUBLE),
                    of("TotalAmount", DOUBLE), of("Churn", STRING)),
            List.of(notNull("valid_customer_id", "CustomerID", DROP),
                    where("valid_senior_citizen", "SeniorCitizen IN (0, 1)", WARN, "SeniorCitizen",
                            v -> v != null && ((Integer) v == 0 || (Integer) v == 1)))),

    STORE_TRANSACTIONS("store-transactions", "sales_trans", Format.CSV_NO_HEADER,
            TableSchema.of(of("ID", STRING), of("WeekStarting", DATE), of("Store", INT), of("Brand", STRING),
                    of("Quantity", INT), of("Advert", INT), of("Price", FLOAT), of("Revenue", FLOAT)),
            List.of(notNull("valid_week", "WeekStarting", DROP),
                    notNull("valid_store", "Store", DROP),
                    where("positive_quantity", "Quantity > 0", WARN, "Quantity", v -> v != null && (Integer) v > 0))),

    SALES("sales", "sales_after_campaign_data", Format.CSV_WITH_HEADER,
            TableSchema.of(of("Quantity", INT), of("Advert", INT), of("Price", FLOAT), of("Brand", STRING)),
            List.of(notNull("valid_brand", "Brand", DROP),
                    where("positive_price", "Price > 0", WARN, "Price", v -> v != null && (Float) v > 0)));

    /** The Bronze column holding the JSON of fields the schema does not know. */
    public static final String RESCUED_DATA = "_rescued_data";

    /** Columns every Bronze table has after its source columns. */
    public static final List<Column> LINEAGE = List.of(
            of(RESCUED_DATA, STRING).withComment("JSON of fields the schema does not know (JSON sources)"),
            of("_source", STRING).withComment("landed file path, or eventhub:<hub>/<partition>"),
            of("_source_offset", ColumnType.LONG).withComment("line number in the file, or event sequence number"),
            of("_enqueued_time", TIMESTAMP).withComment("Event Hub enqueued time; null for files"),
            of("_ingested_at", TIMESTAMP).withComment("when this pipeline committed the row"));

    private final String folder;
    private final String bronzeTable;
    private final Format format;
    private final TableSchema sourceSchema;
    private final List<Expectation> expectations;

    Dataset(String folder, String bronzeTable, Format format, TableSchema sourceSchema,
            List<Expectation.OnColumn> expectations) {
        this.folder = folder;
        this.bronzeTable = bronzeTable;
        this.format = format;
        this.sourceSchema = sourceSchema;
        this.expectations = expectations.stream().map(x -> x.bind(sourceSchema)).toList();
    }

    /** Landing folder name: {@code landing/<folder>/<file>}. */
    public String folder() {
        return folder;
    }

    /** Bronze table name (lab name, lower case). */
    public String bronzeTable() {
        return bronzeTable;
    }

    /** Path of the Bronze table under the lake root. */
    public String bronzePath() {
        return "bronze/" + bronzeTable;
    }

    public Format format() {
        return format;
    }

    public TableSchema sourceSchema() {
        return sourceSchema;
    }

    public List<Expectation> expectations() {
        return expectations;
    }

    public TableSchema bronzeSchema() {
        return sourceSchema.plus(LINEAGE.toArray(new Column[0]));
    }

    public TableSpec bronzeSpec() {
        Map<String, String> props = this == TWEETS
                // the Event Hub table: one small append per batch and partition, so a checkpoint every 100
                // commits instead of 10 (each checkpoint rewrites every live file's add; readers replay at most
                // 99 small commits). DESIGN.md, "Tables".
                ? Map.of("wwi.layer", "bronze", "wwi.dataset", folder, "delta.checkpointInterval", HIGH_FREQUENCY_CHECKPOINT_INTERVAL)
                : Map.of("wwi.layer", "bronze", "wwi.dataset", folder);
        return new TableSpec("bronze." + bronzeTable, "Bronze: " + folder + " as landed, typed by the lab's schema",
                bronzeSchema(), List.of(), props);
    }

    /** {@code delta.checkpointInterval} of tables appended to once per Event Hub batch (Bronze tweets, quarantine). */
    public static final String HIGH_FREQUENCY_CHECKPOINT_INTERVAL = TableSpec.HIGH_FREQUENCY_CHECKPOINT_INTERVAL;

    /**
     * The column name of a source field (a CSV header name, a JSON field): characters other than ASCII letters,
     * digits and {@code _} are dropped at either end, and each run of them inside becomes one {@code _} (the churn
     * header's {@code tenure(month)} is {@code tenure_month}, {@code Sales Channel} is {@code Sales_Channel}); the
     * spelling is otherwise kept. Null when nothing is left.
     */
    public static String columnName(String sourceName) {
        StringBuilder sb = new StringBuilder(sourceName.length());
        boolean gap = false;
        for (int i = 0; i < sourceName.length(); i++) {
            char c = sourceName.charAt(i);
            boolean plain = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            if (!plain) {
                gap = true;
                continue;
            }
            if (gap && sb.length() > 0) {
                sb.append('_');
            }
            gap = false;
            sb.append(c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Whether {@code name} is a lineage column's ({@link #LINEAGE}), ignoring case. */
    public static boolean isLineage(String name) {
        return LINEAGE.stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
    }

    /** The dataset landing in a folder, matched ignoring case. */
    public static Optional<Dataset> byFolder(String folder) {
        String f = folder.toLowerCase(Locale.ROOT);
        for (Dataset d : values()) {
            if (d.folder.equals(f)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The folder names, for error messages. */
    public static String folders() {
        StringBuilder sb = new StringBuilder();
        for (Dataset d : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.folder);
        }
        return sb.toString();
    }
}
