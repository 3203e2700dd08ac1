package com.wwi.lakehouse.silver;

import java.util.List;
import java.util.Locale;

/**
 * Which tweets reach Silver: those whose raw text contains one of the six campaign hashtags. The lab tests the
 * raw text with a case-sensitive substring test, so {@code #fashionweek} counts as {@code #fashion} but
 * {@code #GoGreen} does not count at all. This project keeps the substring test on the raw text and ignores
 * case (a documented fix: campaigns are written in mixed case, e.g. {@code SustainableFashion}).
 */
public final class CampaignFilter {
    /** The campaign hashtags, lower case. */
    public static final List<String> HASHTAGS = List.of("#fashion", "#beach", "#entertainment", "#gogreen",
            "#sustainablefashion", "#futuretech");

    private CampaignFilter() {
    }

    public static boolean matches(String rawTweet) {
        if (rawTweet == null || rawTweet.indexOf('#') < 0) {
            return false;
        }
        String lower = rawTweet.toLowerCase(Locale.ROOT);
        for (String tag : HASHTAGS) {
            if (lower.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The lab's own, case-sensitive test (kept for comparison and for the documentation of the fix). */
    public static boolean matchesLikeTheLab(String rawTweet) {
        if (rawTweet == null) {
            return false;
        }
        for (String tag : HASHTAGS) {
            if (rawTweet.contains(tag)) {
                return true;
            }
        }
        return false;
    }
}
