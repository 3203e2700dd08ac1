package com.wwi.lakehouse.silver;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's tweet cleaning (notebook 03, {@code clean_twitter_text}), step by step and in the lab's order, with
 * the lab's regular expressions and their Python semantics:
 * <ol>
 *   <li>drop every non-ASCII character (so {@code don’t} becomes {@code dont} before any other step);</li>
 *   <li>remove hyperlinks {@code https?://.\S+} (a scheme, then at least two non-space characters);</li>
 *   <li>remove every {@code #} (the hashtag word stays);</li>
 *   <li>remove a retweet marker {@code ^RT\s+} at the very start only;</li>
 *   <li>remove handles {@code @\w*};</li>
 *   <li>remove every {@code :} and trim;</li>
 *   <li>split CamelCase words on {@code ([A-Z][a-z]+[^A-Z]*)}, keeping the matches and the text between, dropping
 *   empty pieces, joined by a space (Python's {@code re.split} with a group);</li>
 *   <li>expand contractions by plain substring replacement, in this order: {@code 's} → {@code  is},
 *   {@code n't} → {@code  not}, {@code 'm} → {@code  am}, {@code 'll} → {@code  will}, {@code 'd} →
 *   {@code  would}, {@code 've} → {@code  have}, {@code 're} → {@code  are} ({@code won't} becomes
 *   {@code wo not}, as in the lab).</li>
 * </ol>
 * One difference, on purpose: the lab runs step 7 twice; the second pass finds nothing new to split and only
 * doubles the spaces after words that end a match, so this runs it once. Thread-safe.
 */
public final class TweetCleaner {
    private static final Pattern HYPERLINK = Pattern.compile("https?://.\\S+");
    private static final Pattern RETWEET = Pattern.compile("^RT\\s+");
    private static final Pattern HANDLE = Pattern.compile("@\\w*");
    private static final Pattern CAMEL = Pattern.compile("([A-Z][a-z]+[^A-Z]*)");
    private static final String[][] CONTRACTIONS = {
            {"'s", " is"}, {"n't", " not"}, {"'m", " am"}, {"'ll", " will"}, {"'d", " would"}, {"'ve", " have"},
            {"'re", " are"}};

    private TweetCleaner() {
    }

    /** All steps, in order. Null stays null. */
    public static String clean(String tweet) {
        if (tweet == null) {
            return null;
        }
        String t = asciiOnly(tweet);
        t = removeHyperlinks(t);
        t = removeHashSigns(t);
        t = removeRetweetMarker(t);
        t = removeHandles(t);
        t = removeColonsAndTrim(t);
        t = splitCamelCase(t);
        return expandContractions(t);
    }

    /** Step 1: Python's {@code encode('ascii', 'ignore')}. */
    static String asciiOnly(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7F) {
                if (sb == null) {
                    sb = new StringBuilder(s.length());
                    sb.append(s, 0, i);
                }
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    static String removeHyperlinks(String s) {
        return s.indexOf("http") < 0 ? s : HYPERLINK.matcher(s).replaceAll("");
    }

    static String removeHashSigns(String s) {
        return s.indexOf('#') < 0 ? s : s.replace("#", "");
    }

    static String removeRetweetMarker(String s) {
        return s.startsWith("RT") ? RETWEET.matcher(s).replaceFirst("") : s;
    }

    static String removeHandles(String s) {
        return s.indexOf('@') < 0 ? s : HANDLE.matcher(s).replaceAll("");
    }

    /** Step 6: remove colons, then Python's {@code strip()} (ASCII whitespace and the separators 0x1C–0x1F). */
    static String removeColonsAndTrim(String s) {
        String t = s.indexOf(':') < 0 ? s : s.replace(":", "");
        int from = 0;
        int to = t.length();
        while (from < to && isPythonSpace(t.charAt(from))) {
            from++;
        }
        while (to > from && isPythonSpace(t.charAt(to - 1))) {
            to--;
        }
        return t.substring(from, to);
    }

    private static boolean isPythonSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    }

    /** Step 7: Python's {@code " ".join(p for p in re.split("([A-Z][a-z]+[^A-Z]*)", s) if p)}. */
    static String splitCamelCase(String s) {
        Matcher m = CAMEL.matcher(s);
        List<String> pieces = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            pieces.add(s.substring(last, m.start()));
            pieces.add(m.group(1));
            last = m.end();
        }
        pieces.add(s.substring(last));
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (String p : pieces) {
            if (!p.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(p);
            }
        }
        return sb.toString();
    }

    /** Step 8, in the lab's order. */
    static String expandContractions(String s) {
        if (s.indexOf('\'') < 0) {
            return s;
        }
        String t = s;
        for (String[] c : CONTRACTIONS) {
            if (t.contains(c[0])) {
                t = t.replace(c[0], c[1]);
            }
        }
        return t;
    }
}
