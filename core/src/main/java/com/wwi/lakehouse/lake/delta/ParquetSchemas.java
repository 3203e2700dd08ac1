package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.List;

/** The Parquet physical layout of our column types (the same choices Spark makes with its default settings). */
final class ParquetSchemas {
    private ParquetSchemas() {
    }

    static MessageType messageType(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (Column c : columns) {
            b.addField(field(c));
        }
        return b.named("spark_schema");
    }

    static Type field(Column c) {
        Type.Repetition rep = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        return switch (c.type()) {
            case STRING -> Types.primitive(PrimitiveType.PrimitiveTypeName.BINARY, rep)
                    .as(LogicalTypeAnnotation.stringType()).named(c.name());
            case INT -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT32, rep).named(c.name());
            case LONG -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, rep).named(c.name());
            case FLOAT -> Types.primitive(PrimitiveType.PrimitiveTypeName.FLOAT, rep).named(c.name());
            case DOUBLE -> Types.primitive(PrimitiveType.PrimitiveTypeName.DOUBLE, rep).named(c.name());
            case BOOLEAN -> Types.primitive(PrimitiveType.PrimitiveTypeName.BOOLEAN, rep).named(c.name());
            case DATE -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT32, rep)
                    .as(LogicalTypeAnnotation.dateType()).named(c.name());
            case TIMESTAMP -> Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, rep)
                    .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named(c.name());
            case DECIMAL -> decimal(c, rep);
            case BINARY -> Types.primitive(PrimitiveType.PrimitiveTypeName.BINARY, rep).named(c.name());
        };
    }

    private static Type decimal(Column c, Type.Repetition rep) {
        LogicalTypeAnnotation ann = LogicalTypeAnnotation.decimalType(c.scale(), c.precision());
        if (c.precision() <= 9) {
            return Types.primitive(PrimitiveType.PrimitiveTypeName.INT32, rep).as(ann).named(c.name());
        }
        if (c.precision() <= 18) {
            return Types.primitive(PrimitiveType.PrimitiveTypeName.INT64, rep).as(ann).named(c.name());
        }
        return Types.primitive(PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
                .length(decimalBytes(c.precision())).as(ann).named(c.name());
    }

    /** Smallest byte count whose two's complement holds 10^precision - 1. */
    static int decimalBytes(int precision) {
        int bytes = 1;
        while (Math.pow(2, 8 * bytes - 1) < Math.pow(10, precision)) {
            bytes++;
        }
        return bytes;
    }
}
