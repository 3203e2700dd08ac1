package com.wwi.lakehouse.lake;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a table is created with.
 *
 * @param name             logical name (the Delta metadata name), e.g. {@code bronze.campaign_data}
 * @param description      free text, may be empty
 * @param schema           columns
 * @param partitionColumns columns the table is partitioned by (must be in the schema)
 * @param properties       table properties; {@code delta.*} keys must be ones Delta knows
 */
public record TableSpec(String name, String description, TableSchema schema, List<String> partitionColumns,
                        Map<String, String> properties) {
    public TableSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        description = description == null ? "" : description;
        partitionColumns = List.copyOf(partitionColumns == null ? List.of() : partitionColumns);
        properties = Map.copyOf(properties == null ? Map.of() : properties);
        for (String p : partitionColumns) {
            Column c = schema.column(p);
            if (c.type() == ColumnType.BINARY || c.type() == ColumnType.DOUBLE || c.type() == ColumnType.FLOAT) {
                throw new IllegalArgumentException("cannot partition by " + c.name() + " of type " + c.typeName());
            }
        }
    }

    /**
     * {@code delta.checkpointInterval} of tables appended to once per Event Hub batch (Bronze tweets, quarantine):
     * a checkpoint every 100 commits instead of 10 (each checkpoint rewrites every live file's add; readers replay
     * at most 99 small commits). DESIGN.md, "Tables".
     */
    public static final String HIGH_FREQUENCY_CHECKPOINT_INTERVAL = "100";

    public static TableSpec of(String name, TableSchema schema) {
        return new TableSpec(name, "", schema, List.of(), Map.of());
    }

    public TableSpec partitionedBy(String... columns) {
        return new TableSpec(name, description, schema, List.of(columns), properties);
    }

    public TableSpec describedAs(String text) {
        return new TableSpec(name, text, schema, partitionColumns, properties);
    }

    public TableSpec withProperties(Map<String, String> props) {
        return new TableSpec(name, description, schema, partitionColumns, props);
    }
}
