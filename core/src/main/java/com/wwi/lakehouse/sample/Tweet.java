package com.wwi.lakehouse.sample;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One generated tweet, as the lab's Event Hub delivered it.
 *
 * @param time           ISO-8601 text exactly as written (Z, offset, fractional seconds or no zone)
 * @param hashtag        the first hashtag of the text, lower case (e.g. {@code #gogreen})
 * @param tweet          the raw text
 * @param city           the city, or null
 * @param cityKeyPresent false when the {@code city} key is left out of the JSON (city is then null)
 * @param username       the author's handle, without {@code @}
 * @param retweetCount   retweets
 * @param favouriteCount likes
 * @param sentiment      the source's label: Positive, Negative, Neutral or empty
 * @param sentimentScore the source's score; integral or with a fraction such as 2.5
 * @param isRetweet      0 or 1; 1 means the text starts with {@code RT @user: }
 * @param hourOfDay      the UTC hour of {@code time}, as text ("0" to "23")
 * @param language       language code (en, es, de, ja, pt)
 */
public record Tweet(String time, String hashtag, String tweet, String city, boolean cityKeyPresent,
                    String username, int retweetCount, int favouriteCount, String sentiment,
                    double sentimentScore, int isRetweet, String hourOfDay, String language) {

    /** The JSON keys, in the order they are written. */
    public static final List<String> KEYS = List.of("time", "hashtag", "tweet", "city", "username",
            "retweetcount", "favouritecount", "sentiment", "sentimentscore", "isretweet", "hourofday", "language");

    private static final JsonFactory JSON = new JsonFactory();

    /** This tweet as one compact JSON object (no line terminator); non-ASCII text is written as is. */
    public String toJson() {
        StringWriter out = new StringWriter(tweet.length() + 320);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes this tweet as one JSON object to {@code g}. */
    public void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", time);
        g.writeStringField("hashtag", hashtag);
        g.writeStringField("tweet", tweet);
        if (cityKeyPresent) {
            g.writeStringField("city", city); // writes null when city is null
        }
        g.writeStringField("username", username);
        g.writeNumberField("retweetcount", retweetCount);
        g.writeNumberField("favouritecount", favouriteCount);
        g.writeStringField("sentiment", sentiment);
        g.writeFieldName("sentimentscore");
        if (sentimentScore == Math.rint(sentimentScore)) {
            g.writeNumber((long) sentimentScore);
        } else {
            g.writeNumber(sentimentScore);
        }
        g.writeNumberField("isretweet", isRetweet);
        g.writeStringField("hourofday", hourOfDay);
        g.writeStringField("language", language);
        g.writeEndObject();
    }
}
