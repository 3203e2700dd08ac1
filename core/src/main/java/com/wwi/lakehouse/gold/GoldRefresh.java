package com.wwi.lakehouse.gold;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.lake.CommitResult;
import com.wwi.lakehouse.lake.DataFile;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.lake.TableSchema;
import com.wwi.lakehouse.lake.TableSpec;
import com.wwi.lakehouse.lake.Txn;
import com.wwi.lakehouse.pipeline.EventLog;
import com.wwi.lakehouse.pipeline.RunRecord;
import com.wwi.lakehouse.silver.SilverStage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Brings the Gold tables up to date. An incremental table (a row-wise function of one input, such as
 * {@code gold/twitter_historical_data}) appends what its input added since the version it consumed; the others
 * are recomputed from scratch when one of their inputs has a new version, replacing their contents in one commit. The commit records, as a txn {@code gold/<table>}, the input
 * versions it was computed from (packed into one number), so a run with no new input commits nothing. This is the
 * simple, always-correct refresh; incremental MERGE (issue 5) replaces it table by table.
 */
public final class GoldRefresh {
    /**
     * One Gold table: where it lives, its schema and partition columns, its inputs and how to compute it. An
     * {@code incremental} table has one input and a row-wise {@code compute} (the result over all input rows is the
     * union of the results over any split of them), so a refresh reads only the input files added since the
     * version it consumed and appends; the others are recomputed whole when an input moves.
     */
    record Definition(String path, TableSchema schema, List<String> partitionBy, boolean incremental, int sumKeys,
                      List<String> inputs, Function<List<List<Object[]>>, List<Object[]>> compute) {
        Definition {
            if ((incremental || sumKeys >= 0) && inputs.size() != 1) {
                throw new IllegalArgumentException(path + ": an incremental Gold table has exactly one input");
            }
        }

        Definition(String path, TableSchema schema, List<String> inputs, Function<List<List<Object[]>>, List<Object[]>> compute) {
            this(path, schema, List.of(), false, -1, inputs, compute);
        }

        /**
         * A table of sums (counts) by key, over one append-only input: its first {@code keys} columns are the key
         * and the rest are LONG sums, so the aggregate of new input rows MERGEs into it by adding per key.
         */
        static Definition sums(String path, TableSchema schema, int keys, String input, Function<List<Object[]>, List<Object[]>> compute) {
            return new Definition(path, schema, List.of(), false, keys, List.of(input), in -> compute.apply(in.get(0)));
        }
    }

    private static final String CAMPAIGNS = Dataset.CAMPAIGNS.bronzePath();
    private static final String SALES = Dataset.STORE_TRANSACTIONS.bronzePath();

    static final List<Definition> TABLES = List.of(
            new Definition("gold/twitter_historical_data", SilverStage.SCHEMA, List.of("date"), true, -1,
                    List.of(SilverStage.TABLE), in -> in.get(0)),
            new Definition("gold/country_wise_revenue", CampaignGold.COUNTRY_WISE_REVENUE, List.of(CAMPAIGNS),
                    in -> CampaignGold.countryWiseRevenue(in.get(0))),
            new Definition("gold/campaign_per_week", CampaignGold.CAMPAIGN_PER_WEEK, List.of(CAMPAIGNS),
                    in -> CampaignGold.campaignPerWeek(in.get(0))),
            new Definition("gold/total_profit_by_country_per_week", CampaignGold.TOTAL_PROFIT_BY_COUNTRY_PER_WEEK,
                    List.of(CAMPAIGNS), in -> CampaignGold.totalProfitByCountryPerWeek(in.get(0))),
            new Definition("gold/top_loss_making_campaign", CampaignGold.TOP_LOSS_MAKING_CAMPAIGN, List.of(CAMPAIGNS),
                    in -> CampaignGold.topLossMakingCampaign(in.get(0))),
            new Definition("gold/sales_train", SalesGold.SCHEMA, List.of(SALES),
                    in -> SalesGold.train(SalesGold.rankData(in.get(0)))),
            new Definition("gold/sales_test", SalesGold.SCHEMA, List.of(SALES),
                    in -> SalesGold.test(SalesGold.rankData(in.get(0)))),
            Definition.sums("gold/twitter_historical_hashtag_data", TwitterGold.HASHTAG_COUNTS, 1, SilverStage.TABLE,
                    TwitterGold::hashtagCounts),
            Definition.sums("gold/twitter_historical_retweetcount_data", TwitterGold.RETWEET_COUNT, 0,
                    SilverStage.TABLE, TwitterGold::retweetCount),
            Definition.sums("gold/twitter_historical_city_hashtagcount_data", TwitterGold.CITY_HASHTAG_COUNTS, 2,
                    SilverStage.TABLE, TwitterGold::cityHashtagCounts),
            new Definition("gold/sentiment_campaign_analytics", TwitterGold.CITY_HASHTAG_COUNTS,
                    List.of(SilverStage.TABLE, CAMPAIGNS), in -> TwitterGold.sentimentCampaignAnalytics(
                    TwitterGold.cityHashtagCounts(in.get(0)), CampaignGold.campaignPerWeek(in.get(1)))),
            new Definition("gold/campaign_sentiment_weekly", CampaignSentimentWeekly.SCHEMA,
                    List.of(SilverStage.TABLE, CAMPAIGNS), in -> CampaignSentimentWeekly.compute(in.get(0), in.get(1))),
            new Definition("silver/sales_rank_data", SalesGold.RANK_SCHEMA, List.of(SALES),
                    in -> SalesGold.rankData(in.get(0))));

    private final Lake lake;
    private final EventLog eventLog;
    private final Clock clock;

    public GoldRefresh(Lake lake, EventLog eventLog, Clock clock) {
        this.lake = lake;
        this.eventLog = eventLog;
        this.clock = clock;
    }

    /** The Gold table paths this refresh maintains. */
    public static List<String> tables() {
        return TABLES.stream().map(Definition::path).toList();
    }

    /** Appends one input version to a packed txn version: at most two inputs, each below 2^31 versions. */
    static long pack(long packed, long version) {
        if (version >= (1L << 31)) {
            throw new IllegalStateException("input version " + version + " does not fit the Gold txn packing");
        }
        return packed * (1L << 31) + version;
    }

    /** The input versions a packed txn version holds, in input order. */
    static long[] unpack(long packed, int inputs) {
        long[] out = new long[inputs];
        for (int i = inputs - 1; i >= 0; i--) {
            out[i] = packed % (1L << 31);
            packed /= 1L << 31;
        }
        return out;
    }

    /**
     * MERGE for a table of sums by key: aggregates the input rows added since the consumed version (compaction's
     * rewrites left out), then rewrites only the Gold files holding a touched key, adding the new sums to the old,
     * and writes keys not seen before to a new file; one commit, conditional on the consumed version.
     */
    private static void merge(Definition d, LakeTable gold, LakeTable input, Optional<Long> consumed, long packed,
                              String appId, RunRecord run) {
        List<Object[]> rows = addedBetween(input, consumed.orElse(-1L), packed);
        run.rowsIn = rows.size();
        Map<List<Object>, Object[]> delta = new java.util.LinkedHashMap<>();
        if (!rows.isEmpty() || gold.files().isEmpty()) { // an empty table gets the aggregate of nothing (a null sum)
            for (Object[] r : d.compute().apply(List.of(rows))) {
                delta.put(java.util.Arrays.asList(r).subList(0, d.sumKeys()), r);
            }
        }
        List<DataFile> touched = new ArrayList<>();
        List<Object[]> rewritten = new ArrayList<>();
        if (!delta.isEmpty()) {
            for (DataFile f : gold.files()) {
                List<Object[]> held = new ArrayList<>();
                gold.scan(List.of(f), held::add);
                boolean hit = false;
                for (Object[] r : held) {
                    hit |= delta.containsKey(java.util.Arrays.asList(r).subList(0, d.sumKeys()));
                }
                if (hit) {
                    touched.add(f);
                    for (Object[] r : held) {
                        Object[] add = delta.remove(java.util.Arrays.asList(r).subList(0, d.sumKeys()));
                        rewritten.add(add == null ? r : plus(r, add, d.sumKeys()));
                    }
                }
            }
            rewritten.addAll(delta.values()); // keys seen for the first time
        }
        CommitResult r = gold.rewrite(touched, rewritten, true, List.of(new Txn(appId, packed, consumed.orElse(Txn.NONE))),
                "MERGE");
        run.rowsWritten = r.rowsWritten();
        run.tableVersion = r.version();
        run.message = "merged the input added after version " + consumed.orElse(-1L) + ": rewrote " + touched.size()
                + " of the table's files";
    }

    /** Adds the sums of {@code b} to those of {@code a}; null is "no value yet", as Spark's sum of nothing. */
    static Object[] plus(Object[] a, Object[] b, int keys) {
        Object[] out = a.clone();
        for (int i = keys; i < a.length; i++) {
            out[i] = a[i] == null ? b[i] : b[i] == null ? a[i] : (Long) a[i] + (Long) b[i];
        }
        return out;
    }

    /** The rows of {@code t} at {@code version}; none when the table does not exist or is at version 0 (empty). */
    static List<Object[]> readAt(LakeTable t, long version) {
        List<Object[]> rows = new ArrayList<>();
        if (t.exists() && version > 0) {
            t.scan(t.filesAt(version), rows::add);
        }
        return rows;
    }

    /**
     * The rows of the files {@code t} added after {@code since} up to {@code to}; compaction's rewrites (no data
     * change) hold rows already consumed and are left out.
     */
    static List<Object[]> addedBetween(LakeTable t, long since, long to) {
        List<Object[]> rows = new ArrayList<>();
        if (t.exists()) {
            t.scan(t.filesAddedBetween(since, to, true), rows::add);
        }
        return rows;
    }

    /** Refreshes every Gold table whose inputs moved; one event log row per table refreshed. */
    public List<RunRecord> run() {
        List<RunRecord> runs = new ArrayList<>();
        for (Definition d : TABLES) {
            runs.add(refresh(d));
        }
        return runs;
    }

    private RunRecord refresh(Definition d) {
        Instant started = clock.instant();
        RunRecord run = new RunRecord(UUID.randomUUID().toString(), "gold-refresh", started);
        run.table = d.path();
        run.source = String.join(",", d.inputs());
        try {
            LakeTable gold = lake.table(d.path());
            gold.createIfAbsent(new TableSpec(d.path().replace('/', '.'), d.incremental()
                    ? "Gold, appended with the input rows added since the version it consumed"
                    : d.sumKeys() >= 0 ? "Gold, sums by key MERGEd with the input added since the version it consumed"
                    : "Gold, recomputed when its inputs change", d.schema(), d.partitionBy(), Map.of("wwi.layer", "gold")));
            long packed = 0;
            List<LakeTable> tables = new ArrayList<>();
            long[] versions = new long[d.inputs().size()];
            for (int i = 0; i < versions.length; i++) {
                LakeTable t = lake.table(d.inputs().get(i));
                tables.add(t);
                versions[i] = Math.max(0, t.exists() ? t.version() : 0);
                packed = pack(packed, versions[i]);
            }
            String appId = "gold/" + d.path();
            Optional<Long> consumed = gold.txnVersion(appId);
            if (consumed.orElse(-1L) >= packed) {
                run.status = "skipped";
                run.message = "inputs unchanged";
                run.tableVersion = gold.version();
            } else if (d.sumKeys() >= 0) {
                merge(d, gold, tables.get(0), consumed, packed, appId, run);
            } else if (d.incremental()) {
                // only the input added after the consumed version, up to the one recorded now
                List<Object[]> rows = addedBetween(tables.get(0), consumed.orElse(-1L), packed);
                run.rowsIn = rows.size();
                // conditional on the consumed version: a concurrent refresh that got there first fails this commit
                CommitResult r = gold.append(d.compute().apply(List.of(rows)),
                        List.of(new Txn(appId, packed, consumed.orElse(Txn.NONE))));
                run.rowsWritten = r.rowsWritten();
                run.tableVersion = r.version();
                run.message = "appended the input added after version " + consumed.orElse(-1L);
            } else {
                List<List<Object[]>> inputs = new ArrayList<>();
                for (int i = 0; i < tables.size(); i++) {
                    // read the snapshot whose version the txn records, not whatever arrived since
                    inputs.add(readAt(tables.get(i), versions[i]));
                    run.rowsIn += inputs.get(i).size();
                }
                List<Object[]> rows = d.compute().apply(inputs);
                CommitResult r = gold.rewrite(gold.files(), rows, true, List.of(new Txn(appId, packed)), "WRITE");
                run.rowsWritten = r.rowsWritten();
                run.tableVersion = r.version();
            }
        } catch (RuntimeException e) {
            run.status = "failed";
            run.message = e.getMessage();
        }
        run.durationMs = clock.millis() - started.toEpochMilli();
        eventLog.record(run);
        return run;
    }
}
