package com.wwi.lakehouse.sample;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Campaign rows in the 22-column positional layout of the lab's {@code campaign-data2.csv}. As in the lab file,
 * the values do not all sit under the header names that describe them (Campaign_Tactic holds an audience,
 * Customer_Segment a channel); the schema is applied by position. Text fields sometimes hold the text
 * {@code null}, the qualification fields mostly {@code NA}; about a fifth of the campaigns lose money.
 */
public final class CampaignSource implements LineSource {

    /** The header line's column names, in order. */
    public static final List<String> HEADER = List.of("Region", "Country", "ProductCategory", "Campaign_ID",
            "Campaign_Name", "Qualification", "Qualification_Number", "Response_Status", "Responses", "Cost",
            "Revenue", "ROI", "Lead_Generation", "Revenue_Target", "Campaign_Tactic", "Customer_Segment", "Status",
            "Profit", "Marketing_Cost", "CampaignID", "CampDate", "SORTED_ID");

    /** Campaign names, as the lab spells them. */
    public static final List<String> CAMPAIGN_NAMES = List.of("futureTech", "southBeach", "SustainableFashion",
            "fashion", "outdoor", "beach", "entertainment", "GoGreen");

    private static final String[] COUNTRIES = {"USA", "Germany", "Japan", "Brazil"};
    private static final String[] REGIONS = {"North & Central America", "Europe", "Asia", "South America"};
    private static final String[][] CATEGORIES = {
        {"Electronics", "Wearables", "Smart Home"}, {"Beachwear", "Swimwear", "Accessories"},
        {"Apparel", "Footwear", "Accessories"}, {"Apparel", "Footwear", "Bags"}, {"Outdoor Gear", "Camping", "Footwear"},
        {"Beachwear", "Swimwear", "Sun Care"}, {"Media", "Gaming", "Audio"}, {"Home & Garden", "Eco Products", "Bikes"},
    };
    private static final String[] QUALIFICATIONS = {"MQL", "SQL", "null"};
    private static final String[] RESPONSE_STATUS = {"Active", "Active", "Completed", "Planned", "On Hold"};
    private static final String[] LEAD_GENERATION = {"Webinar", "Trade Show", "Referral", "Social Ads", "null"};
    private static final String[] AUDIENCES = {
        "Baby Boomers (45 ? 60s)", "Millennials (25 ? 40s)", "Gen X (40 ? 55s)", "Gen Z (18 ? 24s)",
        "Families, Parents", "Students, Young Adults", "Seniors (60+)",
    };
    private static final String[] CHANNELS = {
        "Social", "Social", "Email", "TV", "Search", "Display", "Social, Email", "Print, Radio", "null",
    };
    private static final String[] STATUS = {"Inquiries", "Leads", "Opportunities", "Conversions"};

    private static final long JAN_1 = LocalDate.of(2021, 1, 1).toEpochDay();
    private static final long JUN_1 = LocalDate.of(2021, 6, 1).toEpochDay();
    private static final long DEC_31 = LocalDate.of(2021, 12, 31).toEpochDay();

    private final SplittableRandom r;
    private long row;

    /** A source whose rows depend only on {@code seed}. */
    public CampaignSource(long seed) {
        this.r = Draw.random(seed, 2);
    }

    @Override
    public String nextLine() {
        List<String> f = nextFields();
        StringBuilder sb = new StringBuilder(200);
        for (int i = 0; i < f.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            // the lab's export quoted the audience column even without a comma
            sb.append(i == 14 ? Csv.quote(f.get(i)) : Csv.field(f.get(i)));
        }
        return sb.toString();
    }

    /** The next row's 22 field texts, unquoted. */
    public List<String> nextFields() {
        row++;
        int country = r.nextInt(COUNTRIES.length);
        int campaign = r.nextInt(CAMPAIGN_NAMES.size());
        String category = Draw.chance(r, 0.15) ? "null" : Draw.pick(r, CATEGORIES[campaign]);
        boolean qualified = Draw.chance(r, 0.25);
        String qualification = qualified ? Draw.pick(r, QUALIFICATIONS) : "NA";
        String qualificationNumber = qualified ? Integer.toString(Draw.between(r, 1, 500)) : "NA";
        long responses = Draw.between(r, 100, 9999);                  // tenths
        long cost = Draw.chance(r, 0.5) ? Draw.between(r, 50, 5000) * 100L : Draw.between(r, 5000, 500000);
        long revenue = Draw.between(r, 50000, 5000000);               // cents
        long roi = Draw.chance(r, 0.5) ? Draw.between(r, 100, 20000) * 100L : Draw.between(r, 100, 2000000);
        String leadGeneration = Draw.chance(r, 0.6) ? "NA" : Draw.pick(r, LEAD_GENERATION);
        long revenueTarget = Draw.between(r, 1000, 20000) * 10L;
        String audience = Draw.pick(r, AUDIENCES);
        String channel = Draw.pick(r, CHANNELS);
        String status = Draw.pick(r, STATUS);
        long profit = Draw.between(r, 1000, 800000);                  // cents
        if (Draw.chance(r, 0.22)) {
            profit = -Draw.between(r, 500, 300000);
        }
        long marketingCost = Draw.between(r, 1000, 999999);           // thousandths
        long day = Draw.chance(r, 0.85) ? Draw.between(r, JUN_1, DEC_31) : Draw.between(r, JAN_1, JUN_1 - 1);
        return Arrays.asList(
                REGIONS[country], COUNTRIES[country], category, Long.toString(100 + row), CAMPAIGN_NAMES.get(campaign),
                qualification, qualificationNumber, Draw.pick(r, RESPONSE_STATUS), Draw.decimal(responses, 1),
                Draw.decimal(cost, 2), Draw.decimal(revenue, 2), Draw.decimal(roi, 2), leadGeneration,
                Long.toString(revenueTarget), audience, channel, status, Draw.decimal(profit, 2),
                Draw.decimal(marketingCost, 3), Integer.toString(11 + campaign), LocalDate.ofEpochDay(day).toString(),
                Long.toString(row));
    }
}
