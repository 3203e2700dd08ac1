package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.ColumnType;
import com.wwi.lakehouse.lake.TableSchema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a Parquet data file into rows of the table schema. Columns are matched by name ignoring case; columns
 * absent from the file read as null (or as the partition value). Reads the layouts Spark writes too: INT96
 * and millisecond timestamps, decimals as INT32/INT64/binary, dictionary-encoded strings.
 */
final class ParquetRowReader {
    private ParquetRowReader() {
    }

    /** @param template a row of the table's width holding the partition values; copied for every row */
    static void read(Configuration conf, Path path, TableSchema schema, Object[] template, Consumer<Object[]> sink)
            throws IOException {
        RowReadSupport support = new RowReadSupport(schema, template);
        // the builder given our (already loaded) configuration: its one-argument constructor makes a fresh Hadoop
        // Configuration and reads options from it, which parses the default XML resources again for every file
        // (milliseconds per file, most of the time of a scan of small files)
        try (ParquetReader<Object[]> reader = new ParquetReader.Builder<Object[]>(Files2.input(path, conf),
                new HadoopParquetConfiguration(conf)) {
            @Override
            protected ReadSupport<Object[]> getReadSupport() {
                return support;
            }
        }.build()) {
            Object[] row;
            while ((row = reader.read()) != null) {
                sink.accept(row);
            }
        }
    }

    private static final class RowReadSupport extends ReadSupport<Object[]> {
        private final TableSchema schema;
        private final Object[] template;

        RowReadSupport(TableSchema schema, Object[] template) {
            this.schema = schema;
            this.template = template;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            List<Type> wanted = new ArrayList<>();
            for (Type t : file.getFields()) {
                if (t.isPrimitive() && schema.indexOf(t.getName()) >= 0) {
                    wanted.add(t);
                }
            }
            return new ReadContext(new MessageType(file.getName(), wanted));
        }

        @Override
        public RecordMaterializer<Object[]> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
                                                           MessageType fileSchema, ReadContext readContext) {
            return new Materializer(readContext.getRequestedSchema(), schema, template);
        }
    }

    private static final class Materializer extends RecordMaterializer<Object[]> {
        private final Root root;

        Materializer(MessageType requested, TableSchema schema, Object[] template) {
            root = new Root(requested, schema, template);
        }

        @Override
        public Object[] getCurrentRecord() {
            return root.current;
        }

        @Override
        public GroupConverter getRootConverter() {
            return root;
        }
    }

    private static final class Root extends GroupConverter {
        private final Object[] template;
        private final Converter[] converters;
        Object[] current;

        Root(MessageType requested, TableSchema schema, Object[] template) {
            this.template = template;
            List<Type> fields = requested.getFields();
            converters = new Converter[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                PrimitiveType p = fields.get(i).asPrimitiveType();
                int target = schema.indexOf(p.getName());
                converters[i] = converter(p, schema.column(target), target);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            current = template.clone();
        }

        @Override
        public void end() {
        }

        private Converter converter(PrimitiveType p, Column c, int target) {
            LogicalTypeAnnotation ann = p.getLogicalTypeAnnotation();
            return switch (c.type()) {
                case STRING -> new StringConverter(this, target);
                case BINARY -> new Value(this, target) {
                    @Override
                    public void addBinary(Binary value) {
                        set(value.getBytes());
                    }
                };
                case INT, LONG, FLOAT, DOUBLE, BOOLEAN -> new NumberConverter(this, target, c.type());
                case DATE -> new Value(this, target) {
                    @Override
                    public void addInt(int value) {
                        set(LocalDate.ofEpochDay(value));
                    }
                };
                case TIMESTAMP -> timestamp(p, ann, target);
                case DECIMAL -> new DecimalConverter(this, target, c.scale(),
                        ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d ? d.getScale() : c.scale());
            };
        }

        private Converter timestamp(PrimitiveType p, LogicalTypeAnnotation ann, int target) {
            if (p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
                return new Value(this, target) {
                    @Override
                    public void addBinary(Binary value) {
                        ByteBuffer buf = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                        long nanosOfDay = buf.getLong();
                        int julianDay = buf.getInt();
                        long epochDay = julianDay - 2440588L;
                        set(Instant.ofEpochSecond(epochDay * 86400L, 0).plusNanos(nanosOfDay));
                    }
                };
            }
            LogicalTypeAnnotation.TimeUnit unit = ann instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation t
                    ? t.getUnit() : LogicalTypeAnnotation.TimeUnit.MICROS;
            return new Value(this, target) {
                @Override
                public void addLong(long value) {
                    set(switch (unit) {
                        case MILLIS -> Instant.ofEpochMilli(value);
                        case MICROS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L),
                                Math.floorMod(value, 1_000_000L) * 1000L);
                        case NANOS -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L),
                                Math.floorMod(value, 1_000_000_000L));
                    });
                }
            };
        }
    }

    private abstract static class Value extends PrimitiveConverter {
        private final Root root;
        private final int target;

        Value(Root root, int target) {
            this.root = root;
            this.target = target;
        }

        final void set(Object v) {
            root.current[target] = v;
        }
    }

    private static final class StringConverter extends Value {
        private String[] dict;

        StringConverter(Root root, int target) {
            super(root, target);
        }

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            dict = new String[dictionary.getMaxId() + 1];
            for (int i = 0; i < dict.length; i++) {
                dict[i] = dictionary.decodeToBinary(i).toStringUsingUTF8();
            }
        }

        @Override
        public void addValueFromDictionary(int dictionaryId) {
            set(dict[dictionaryId]);
        }

        @Override
        public void addBinary(Binary value) {
            set(value.toStringUsingUTF8());
        }
    }

    private static final class NumberConverter extends Value {
        private final ColumnType type;

        NumberConverter(Root root, int target, ColumnType type) {
            super(root, target);
            this.type = type;
        }

        // each arm boxes on its own: a conditional or switch expression would promote every arm to double
        @Override
        public void addInt(int v) {
            Object o;
            switch (type) {
                case LONG -> o = (long) v;
                case DOUBLE -> o = (double) v;
                case FLOAT -> o = (float) v;
                default -> o = v;
            }
            set(o);
        }

        @Override
        public void addLong(long v) {
            Object o;
            switch (type) {
                case INT -> o = Math.toIntExact(v);
                case DOUBLE -> o = (double) v;
                default -> o = v;
            }
            set(o);
        }

        @Override
        public void addFloat(float v) {
            if (type == ColumnType.DOUBLE) {
                set((double) v);
            } else {
                set(v);
            }
        }

        @Override
        public void addDouble(double v) {
            if (type == ColumnType.FLOAT) {
                set((float) v);
            } else {
                set(v);
            }
        }

        @Override
        public void addBoolean(boolean v) {
            set(v);
        }
    }

    private static final class DecimalConverter extends Value {
        private final int scale;
        private final int fileScale;

        DecimalConverter(Root root, int target, int scale, int fileScale) {
            super(root, target);
            this.scale = scale;
            this.fileScale = fileScale;
        }

        private void put(BigInteger unscaled) {
            set(new BigDecimal(unscaled, fileScale).setScale(scale, RoundingMode.HALF_UP));
        }

        @Override
        public void addInt(int v) {
            put(BigInteger.valueOf(v));
        }

        @Override
        public void addLong(long v) {
            put(BigInteger.valueOf(v));
        }

        @Override
        public void addBinary(Binary v) {
            put(new BigInteger(v.getBytes()));
        }
    }
}
