package com.wwi.lakehouse.pipeline;

import java.util.Locale;
import java.util.Optional;

/**
 * Checks a timer schedule the way the Functions host reads it: an NCRONTAB expression of six fields,
 * {@code second minute hour day month day-of-week}, each {@code *}, a number, a range {@code a-b}, a step
 * {@code * /n} or {@code a-b/n}, or a comma list of those; months and days may be named ({@code JAN}, {@code MON}).
 * Flex Consumption takes no TimeSpan form ({@code 00:05:00}), so neither does this.
 */
public final class Ncrontab {
    private static final String[] FIELDS = {"second", "minute", "hour", "day", "month", "day-of-week"};
    private static final int[] MIN = {0, 0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 59, 23, 31, 12, 6};
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private Ncrontab() {
    }

    /** What is wrong with {@code expression}, as a phrase with an example of the right form; empty when it parses. */
    public static Optional<String> problem(String expression) {
        if (expression == null || expression.isBlank()) {
            return Optional.of("is empty; give six fields, second minute hour day month day-of-week, e.g."
                    + " \"0 */10 * * * *\" (every 10 minutes)");
        }
        String e = expression.strip();
        if (e.matches("\\d+(\\.\\d+)?:\\d{2}:\\d{2}")) {
            return Optional.of("\"" + e + "\" is a TimeSpan, which Flex Consumption does not accept; write it as"
                    + " NCRONTAB, e.g. \"0 */5 * * * *\" for every 5 minutes");
        }
        String[] f = e.split("\\s+");
        if (f.length != 6) {
            String hint = f.length == 5 ? " (a 5-field cron lacks the seconds: put \"0 \" in front, \"0 " + e + "\")"
                    : "";
            return Optional.of("\"" + e + "\" has " + f.length + " fields; NCRONTAB has 6: second minute hour day month"
                    + " day-of-week" + hint);
        }
        for (int i = 0; i < 6; i++) {
            Optional<String> p = field(f[i], i);
            if (p.isPresent()) {
                return Optional.of("\"" + e + "\": the " + FIELDS[i] + " field \"" + f[i] + "\" " + p.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> field(String text, int i) {
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                return Optional.of("has an empty list item");
            }
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                String step = part.substring(slash + 1);
                if (!step.matches("\\d{1,3}") || Integer.parseInt(step) < 1) {
                    return Optional.of("has step \"" + step + "\"; a step is a whole number from 1");
                }
            }
            if (range.equals("*")) {
                continue;
            }
            int dash = range.indexOf('-');
            String lo = dash < 0 ? range : range.substring(0, dash);
            String hi = dash < 0 ? null : range.substring(dash + 1);
            Integer a = value(lo, i);
            Integer b = hi == null ? a : value(hi, i);
            if (a == null || b == null) {
                return Optional.of("is not a number from " + MIN[i] + " to " + MAX[i] + names(i));
            }
            if (a < MIN[i] || b > MAX[i] || a > MAX[i] || b < MIN[i]) {
                return Optional.of("is out of range " + MIN[i] + "-" + MAX[i]);
            }
            if (a > b) {
                return Optional.of("is a range that runs backwards");
            }
        }
        return Optional.empty();
    }

    private static String names(int i) {
        return i == 4 ? " or JAN-DEC" : i == 5 ? " or SUN-SAT" : "";
    }

    private static Integer value(String s, int i) {
        if (s.matches("\\d{1,2}")) {
            return Integer.parseInt(s);
        }
        String u = s.toUpperCase(Locale.ROOT);
        String[] names = i == 4 ? MONTHS : i == 5 ? DAYS : new String[0];
        for (int k = 0; k < names.length; k++) {
            if (names[k].equals(u)) {
                return i == 4 ? k + 1 : k;
            }
        }
        return null;
    }
}
