package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.gold.CampaignGold;
import com.wwi.lakehouse.gold.CampaignSentimentWeekly;
import com.wwi.lakehouse.gold.SalesGold;
import com.wwi.lakehouse.gold.TwitterGold;
import com.wwi.lakehouse.graph.Follows;
import com.wwi.lakehouse.graph.LandingNode;
import com.wwi.lakehouse.graph.Layer;
import com.wwi.lakehouse.graph.PipelineGraph;
import com.wwi.lakehouse.graph.TableNode;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.silver.SilverStage;

import java.util.Arrays;
import java.util.List;

import static com.wwi.lakehouse.graph.LandingNode.Drift.RESCUE;
import static com.wwi.lakehouse.graph.TableNode.append;
import static com.wwi.lakehouse.graph.TableNode.recompute;
import static com.wwi.lakehouse.graph.TableNode.sums;

/**
 * The Wide World Importers lab as one declared graph, read top to bottom as the lab's Delta Live Tables notebook:
 * the landing datasets (each with its Bronze table), Silver, then every Gold table with its inputs and how it
 * follows them. Bronze landing, Silver, the Gold refresh, {@code verify}, maintenance and {@code status} read it.
 * To add a Gold table: write its computation (a function of its inputs' rows), declare it here; see DESIGN.md,
 * "Add a Gold table".
 */
public final class LabGraph {
    // ---- landing: folder, format, schema and expectations are the Dataset's; each lands in bronze/<table>. Its
    // drift policy says what a source field the table does not know becomes (rescue: kept in _rescued_data; evolve:
    // a new column; strict: the record is quarantined); LAKEHOUSE_DRIFT replaces it per deployment. Every landing
    // rescues: nothing a source sends is lost, no record stops for a new field, and no table changes by itself.
    private static final List<LandingNode> LANDINGS = List.of(
            new LandingNode(Dataset.TWEETS, RESCUE),             // Event Hub producers add fields at will
            new LandingNode(Dataset.CAMPAIGNS, RESCUE),          // a new header column: kept, by its header name
            new LandingNode(Dataset.CHURN, RESCUE),
            new LandingNode(Dataset.STORE_TRANSACTIONS, RESCUE), // no header: no field is unknown, only a width
            new LandingNode(Dataset.SALES, RESCUE));

    private static final String CAMPAIGNS = Dataset.CAMPAIGNS.bronzePath();
    private static final String SALES = Dataset.STORE_TRANSACTIONS.bronzePath();

    // ---- silver: campaign tweets cleaned and scored, one Silver commit per Bronze txn
    private static final TableNode SILVER = SilverStage.NODE; // bronze/twitter_historical_data in

    // ---- gold
    private static final String CITY_HASHTAG = "gold/twitter_historical_city_hashtagcount_data";
    private static final String CAMPAIGN_PER_WEEK = "gold/campaign_per_week";
    private static final String HASHTAG_WEEKLY = "gold/hashtag_sentiment_weekly";

    private static final List<TableNode> GOLD = List.of(
            append("gold/twitter_historical_data", SilverStage.SCHEMA, List.of("date"), SilverStage.TABLE,
                    in -> in),
            recompute("gold/country_wise_revenue", CampaignGold.COUNTRY_WISE_REVENUE, List.of(CAMPAIGNS),
                    in -> CampaignGold.countryWiseRevenue(in.get(0))),
            sums(CAMPAIGN_PER_WEEK, CampaignGold.CAMPAIGN_PER_WEEK, 3, CAMPAIGNS, CampaignGold::campaignPerWeek),
            recompute("gold/total_profit_by_country_per_week", CampaignGold.TOTAL_PROFIT_BY_COUNTRY_PER_WEEK,
                    List.of(CAMPAIGNS), in -> CampaignGold.totalProfitByCountryPerWeek(in.get(0))),
            append("gold/top_loss_making_campaign", CampaignGold.TOP_LOSS_MAKING_CAMPAIGN, List.of(), CAMPAIGNS,
                    CampaignGold::topLossMakingCampaign),
            recompute("gold/sales_train", SalesGold.SCHEMA, List.of(SALES),
                    in -> SalesGold.train(SalesGold.rankData(in.get(0)))),
            recompute("gold/sales_test", SalesGold.SCHEMA, List.of(SALES),
                    in -> SalesGold.test(SalesGold.rankData(in.get(0)))),
            sums("gold/twitter_historical_hashtag_data", TwitterGold.HASHTAG_COUNTS, 1, SilverStage.TABLE,
                    TwitterGold::hashtagCounts),
            sums("gold/twitter_historical_retweetcount_data", TwitterGold.RETWEET_COUNT, 0, SilverStage.TABLE,
                    TwitterGold::retweetCount),
            sums(CITY_HASHTAG, TwitterGold.CITY_HASHTAG_COUNTS, 2, SilverStage.TABLE, TwitterGold::cityHashtagCounts),
            // as the lab: the join of the two Gold tables (with its bugs fixed), small whatever Silver's size
            recompute("gold/sentiment_campaign_analytics", TwitterGold.CITY_HASHTAG_COUNTS,
                    List.of(CITY_HASHTAG, CAMPAIGN_PER_WEEK),
                    in -> TwitterGold.sentimentCampaignAnalytics(in.get(0), in.get(1))),
            sums(HASHTAG_WEEKLY, CampaignSentimentWeekly.HASHTAG_WEEKLY_SCHEMA, 3, SilverStage.TABLE,
                    CampaignSentimentWeekly::hashtagWeekly),
            recompute("gold/campaign_sentiment_weekly", CampaignSentimentWeekly.SCHEMA,
                    List.of(HASHTAG_WEEKLY, CAMPAIGNS), in -> CampaignSentimentWeekly.compute(in.get(0), in.get(1))),
            // the lab's ranked sales, named as Silver, kept by the Gold refresh
            recompute("silver/sales_rank_data", SalesGold.RANK_SCHEMA, List.of(SALES),
                    in -> SalesGold.rankData(in.get(0))).inLayer(Layer.SILVER));

    // ---- the pipeline's own tables
    private static final List<TableNode> SYSTEM = List.of(
            new TableNode(SystemTables.EVENT_LOG, Layer.SYSTEM, SystemTables.EVENT_LOG_SCHEMA, List.of(),
                    Follows.SYSTEM, -1, List.of(), null),
            new TableNode(SystemTables.QUARANTINE, Layer.SYSTEM, SystemTables.QUARANTINE_SCHEMA, List.of(),
                    Follows.SYSTEM, -1, List.of(), null),
            new TableNode(SystemTables.QUARANTINE_RESOLUTIONS, Layer.SYSTEM,
                    SystemTables.QUARANTINE_RESOLUTIONS_SCHEMA, List.of(), Follows.SYSTEM, -1, List.of(), null));

    /** The lab's graph, validated when this class loads. */
    public static final PipelineGraph GRAPH = PipelineGraph.of(LANDINGS,
            concat(List.of(SILVER), GOLD, SYSTEM));

    private LabGraph() {
    }

    @SafeVarargs
    private static List<TableNode> concat(List<TableNode>... parts) {
        return Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
