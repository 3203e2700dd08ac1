package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.lake.TableSchema;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One table of the pipeline.
 *
 * @param path        where it lives under the lake root, e.g. {@code gold/campaign_per_week}; also its name
 * @param layer       its medallion layer
 * @param schema      its columns
 * @param partitionBy its partition columns
 * @param follows     how it follows its inputs
 * @param keys        for {@link Follows#SUMS}: the first {@code keys} columns are the key, the rest LONG sums
 * @param inputs      the tables it is computed from (paths); for Bronze, none (it follows its landing folder)
 * @param compute     for Gold: the table from its inputs' rows, in input order. For {@link Follows#SUMS}, over any
 *                    split of the input, added per key, it equals the whole; for {@link Follows#APPEND}, over all
 *                    rows it is the union of its results over any split. Null for the other layers.
 */
public record TableNode(String path, Layer layer, TableSchema schema, List<String> partitionBy, Follows follows,
                        int keys, List<String> inputs, Function<List<List<Object[]>>, List<Object[]>> compute) {

    public TableNode {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(follows, "follows");
        partitionBy = List.copyOf(partitionBy);
        inputs = List.copyOf(inputs);
        if (follows.isGold() && compute == null) {
            throw new IllegalArgumentException(path + ": a Gold table needs its computation");
        }
        if ((follows == Follows.APPEND || follows == Follows.SUMS) && inputs.size() != 1) {
            throw new IllegalArgumentException(path + ": an incremental Gold table has exactly one input, not "
                    + inputs.size());
        }
        if (follows == Follows.SUMS && (keys < 0 || keys >= schema.size())) {
            throw new IllegalArgumentException(path + ": the key of a table of sums is 0 to " + (schema.size() - 1)
                    + " columns, not " + keys);
        }
        for (String p : partitionBy) {
            if (!schema.names().contains(p)) {
                throw new IllegalArgumentException(path + ": partition column " + p + " is not in its schema");
            }
        }
    }

    /** A Gold table appended with a row-wise function of its one input's new rows. */
    public static TableNode append(String path, TableSchema schema, List<String> partitionBy, String input,
                                   Function<List<Object[]>, List<Object[]>> compute) {
        return new TableNode(path, Layer.GOLD, schema, partitionBy, Follows.APPEND, -1, List.of(input),
                in -> compute.apply(in.get(0)));
    }

    /** A Gold table of sums by its first {@code keys} columns over its one input, MERGEd with each run's new rows. */
    public static TableNode sums(String path, TableSchema schema, int keys, String input,
                                 Function<List<Object[]>, List<Object[]>> compute) {
        return new TableNode(path, Layer.GOLD, schema, List.of(), Follows.SUMS, keys, List.of(input),
                in -> compute.apply(in.get(0)));
    }

    /** A Gold table recomputed from its inputs when they change (only changed files replaced). */
    public static TableNode recompute(String path, TableSchema schema, List<String> inputs,
                                      Function<List<List<Object[]>>, List<Object[]>> compute) {
        return new TableNode(path, Layer.GOLD, schema, List.of(), Follows.RECOMPUTE, -1, inputs, compute);
    }

    /** The same table in another layer (a table the Gold refresh maintains that is named as Silver, say). */
    public TableNode inLayer(Layer other) {
        return new TableNode(path, other, schema, partitionBy, follows, keys, inputs, compute);
    }

    /** One line for people: what the table is and how it follows its inputs. */
    public String description() {
        return switch (follows) {
            case LANDING -> "Bronze: landed records as typed by the source schema";
            case SCORED -> "Silver: campaign tweets, cleaned as the lab does, scored for sentiment";
            case APPEND -> "Gold, appended with the input rows added since the version it consumed";
            case SUMS -> "Gold, sums by key MERGEd with the input added since the version it consumed";
            case RECOMPUTE -> "Gold, recomputed when its inputs change; only files holding changed rows are replaced";
            case SYSTEM -> "the pipeline's own table";
        };
    }
}
