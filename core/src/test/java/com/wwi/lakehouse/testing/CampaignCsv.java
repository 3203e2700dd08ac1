package com.wwi.lakehouse.testing;

/** Campaign files of the lab's CSV layout, for tests that land a few campaigns. */
public final class CampaignCsv {
    public static final String HEADER = "Region,Country,ProductCategory,Campaign_ID,Campaign_Name,Qualification,"
            + "Qualification_Number,Response_Status,Responses,Cost,Revenue,ROI,Lead_Generation,Revenue_Target,"
            + "Campaign_Tactic,Customer_Segment,Status,Profit,Marketing_Cost,CampaignID,CampDate,SORTED_ID\n";

    private CampaignCsv() {
    }

    /** One campaign line: cost 10, revenue 100.005, revenue target 200, the given profit and date. */
    public static String campaign(String country, String name, String profit, String date) {
        return "Europe," + country + ",null,1," + name + ",NA,NA,Active,1,10,100.005,1,NA,200,x,y,z," + profit + ",1,1,"
                + date + ",1\n";
    }
}
