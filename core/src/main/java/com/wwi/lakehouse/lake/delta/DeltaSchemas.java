package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import io.delta.standalone.types.BinaryType;
import io.delta.standalone.types.BooleanType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.DateType;
import io.delta.standalone.types.DecimalType;
import io.delta.standalone.types.DoubleType;
import io.delta.standalone.types.FieldMetadata;
import io.delta.standalone.types.FloatType;
import io.delta.standalone.types.IntegerType;
import io.delta.standalone.types.LongType;
import io.delta.standalone.types.StringType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;
import io.delta.standalone.types.TimestampType;

import java.util.ArrayList;
import java.util.List;

/** Converts between our schemas and Delta Standalone's. */
final class DeltaSchemas {
    private DeltaSchemas() {
    }

    static StructType toDelta(TableSchema schema) {
        StructField[] fields = new StructField[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            Column c = schema.column(i);
            FieldMetadata meta = c.comment() == null ? FieldMetadata.builder().build()
                    : FieldMetadata.builder().putString("comment", c.comment()).build();
            fields[i] = new StructField(c.name(), toDelta(c), c.nullable(), meta);
        }
        return new StructType(fields);
    }

    private static DataType toDelta(Column c) {
        return switch (c.type()) {
            case STRING -> new StringType();
            case INT -> new IntegerType();
            case LONG -> new LongType();
            case FLOAT -> new FloatType();
            case DOUBLE -> new DoubleType();
            case BOOLEAN -> new BooleanType();
            case DATE -> new DateType();
            case TIMESTAMP -> new TimestampType();
            case DECIMAL -> new DecimalType(c.precision(), c.scale());
            case BINARY -> new BinaryType();
        };
    }

    static TableSchema fromDelta(StructType struct) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : struct.getFields()) {
            DataType t = f.getDataType();
            String comment = f.getMetadata().contains("comment") ? String.valueOf(f.getMetadata().get("comment")) : null;
            Column c;
            if (t instanceof DecimalType d) {
                c = new Column(f.getName(), ColumnType.DECIMAL, f.isNullable(), d.getPrecision(), d.getScale(), comment);
            } else {
                c = new Column(f.getName(), fromDelta(t, f.getName()), f.isNullable(), 0, 0, comment);
            }
            cols.add(c);
        }
        return new TableSchema(cols);
    }

    private static ColumnType fromDelta(DataType t, String name) {
        if (t instanceof StringType) return ColumnType.STRING;
        if (t instanceof IntegerType) return ColumnType.INT;
        if (t instanceof LongType) return ColumnType.LONG;
        if (t instanceof FloatType) return ColumnType.FLOAT;
        if (t instanceof DoubleType) return ColumnType.DOUBLE;
        if (t instanceof BooleanType) return ColumnType.BOOLEAN;
        if (t instanceof DateType) return ColumnType.DATE;
        if (t instanceof TimestampType) return ColumnType.TIMESTAMP;
        if (t instanceof BinaryType) return ColumnType.BINARY;
        throw new IllegalArgumentException("column " + name + " has type " + t.getTypeName()
                + ", which this lake layer does not support (flat tables of primitive types only)");
    }
}
