package com.wwi.lakehouse.pipeline;

import com.wwi.lakehouse.datasets.Dataset;
import com.wwi.lakehouse.ingest.BronzeRebuild;
import com.wwi.lakehouse.ingest.Quarantine;
import com.wwi.lakehouse.ingest.QuarantineRecord;
import com.wwi.lakehouse.ingest.QuarantineResolution;
import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;
import com.wwi.lakehouse.runs.SystemTables;
import com.wwi.lakehouse.silver.CampaignFilter;
import com.wwi.lakehouse.silver.SilverStage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exactly-once audit of a lake, from its rows alone: per dataset the Bronze rows and the unresolved quarantined
 * records (a record a replay landed in Bronze is counted there, once), and how many of
 * them are a record landed twice (the same partition and sequence number; or the same file line with the same
 * values, since files of one name with other content are other files), and Silver against the Bronze tweets it must
 * hold (the campaign tweets, each once). Reads only.
 */
public final class LakeAudit {
    private LakeAudit() {
    }

    /**
     * One dataset: rows in Bronze, unresolved records in quarantine, quarantined records a replay landed in Bronze
     * (so counted there), and the rows repeating a source coordinate in either.
     */
    public record DatasetCount(long bronze, long quarantined, long resolved, long duplicates) {
        public long landed() {
            return bronze + quarantined;
        }
    }

    /**
     * @param silverRows     Silver's rows
     * @param silverExpected the Bronze tweets Silver must hold (those with a campaign hashtag)
     * @param silverWrong    Silver rows that are duplicates or have no such Bronze tweet, plus such tweets missing
     * @param resolutionProblems resolution rows written twice, or naming a record no Bronze table holds; a Bronze
     *                           rebuild killed between its two commits
     */
    public record Result(Map<Dataset, DatasetCount> datasets, long silverRows, long silverExpected, long silverWrong,
                         List<String> resolutionProblems) {
        public long duplicates() {
            return datasets.values().stream().mapToLong(DatasetCount::duplicates).sum();
        }

        /** Problems found, one line each (none when the lake is exact). */
        public List<String> problems() {
            List<String> out = new ArrayList<>();
            datasets.forEach((d, c) -> {
                if (c.duplicates() > 0) {
                    out.add(d.folder() + ": " + c.duplicates() + " rows landed twice");
                }
            });
            if (silverWrong > 0) {
                out.add(SilverStage.TABLE + ": " + silverWrong + " rows wrong (duplicated, extra or missing) against"
                        + " the " + silverExpected + " campaign tweets of Bronze");
            }
            out.addAll(resolutionProblems);
            return out;
        }
    }

    public static Result audit(Lake lake) {
        Map<Dataset, DatasetCount> out = new EnumMap<>(Dataset.class);
        Map<String, long[]> quarantine = new HashMap<>(); // dataset -> [unresolved, duplicates, resolved]
        List<String> resolutionProblems = new ArrayList<>();
        Set<String> resolvedIds = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Quarantine.Entry e : Quarantine.read(lake, Quarantine.Filter.ALL)) {
            QuarantineRecord r = e.record();
            long[] c = quarantine.computeIfAbsent(r.dataset(), k -> new long[3]);
            // a record a replay landed is counted in Bronze (its txn there says so, in the commit of its row)
            c[e.resolved() ? 2 : 0]++;
            if (e.resolved()) {
                resolvedIds.add(e.id());
            }
            // with the raw payload: files of the same name with other content are other files; a batch set aside
            // for unusable metadata has no sequence numbers, so its rows are keyed by their run as well
            String key = r.dataset() + "\n" + r.source() + "\n" + r.sourceOffset() + "\n" + r.raw()
                    + (r.kind() == QuarantineRecord.Kind.METADATA ? "\n" + r.runId() : "");
            if (!keys.add(key)) {
                c[1]++;
            }
        }
        LakeTable res = lake.table(SystemTables.QUARANTINE_RESOLUTIONS);
        if (res.exists()) {
            Set<String> resolutions = new HashSet<>();
            long[] twice = new long[2];
            res.scan(res.files(), row -> {
                String id = QuarantineResolution.fromRow(row).recordId();
                twice[resolutions.add(id) ? 1 : 0]++;
            });
            resolutions.removeAll(resolvedIds);
            if (twice[0] > 0) {
                resolutionProblems.add(SystemTables.QUARANTINE_RESOLUTIONS + ": " + twice[0] + " records resolved twice");
            }
            if (!resolutions.isEmpty()) {
                resolutionProblems.add(SystemTables.QUARANTINE_RESOLUTIONS + ": " + resolutions.size()
                        + " resolved records that no Bronze table holds");
            }
        }
        Set<String> campaignTweets = new HashSet<>();
        for (Dataset d : Dataset.values()) {
            LakeTable b = lake.table(d.bronzePath());
            long[] rows = new long[2];
            if (b.exists()) {
                int source = b.schema().position("_source");
                int offset = b.schema().position("_source_offset");
                int tweet = d == Dataset.TWEETS ? b.schema().position("tweet") : -1;
                Set<String> seen = new HashSet<>();
                b.scan(b.files(), r -> {
                    rows[0]++;
                    // files of the same name with other content are other files, at the same lines: the record's
                    // values belong to its identity (all but _enqueued_time and _ingested_at)
                    String key = d == Dataset.TWEETS ? r[source] + "\n" + r[offset]
                            : Arrays.deepToString(Arrays.copyOf(r, offset + 1));
                    if (!seen.add(key)) {
                        rows[1]++;
                    } else if (d == Dataset.TWEETS && CampaignFilter.matches((String) r[tweet])) {
                        campaignTweets.add(key);
                    }
                });
            }
            long[] qc = quarantine.getOrDefault(d.folder(), new long[3]);
            out.put(d, new DatasetCount(rows[0], qc[0], qc[2], rows[1] + qc[1]));
        }
        for (Dataset d : Dataset.values()) {
            if (BronzeRebuild.interrupted(lake, d)) {
                resolutionProblems.add(d.bronzePath() + ": a rebuild was interrupted after replacing the quarantine's"
                        + " records; run refresh --full-refresh " + d.bronzePath() + " again");
            }
        }
        long expected = campaignTweets.size();
        long[] silver = new long[2];
        LakeTable s = lake.table(SilverStage.TABLE);
        if (s.exists()) {
            int source = s.schema().position("_source");
            int offset = s.schema().position("_source_offset");
            Set<String> seen = new HashSet<>();
            s.scan(s.files(), r -> {
                silver[0]++;
                String key = r[source] + "\n" + r[offset];
                if (!seen.add(key) || !campaignTweets.contains(key)) {
                    silver[1]++;
                }
            });
            campaignTweets.removeAll(seen);
            silver[1] += campaignTweets.size(); // missing from Silver
        } else {
            silver[1] = campaignTweets.size();
        }
        return new Result(out, silver[0], expected, silver[1], resolutionProblems);
    }
}
