/**
 * Silver: the lab's tweet cleaning and campaign-hashtag filter as pure functions
 * ({@link com.wwi.lakehouse.silver.TweetCleaner}, {@link com.wwi.lakehouse.silver.CampaignFilter}); the Silver
 * stage that applies them per micro-batch with the sentiment model builds on these.
 */
package com.wwi.lakehouse.silver;
