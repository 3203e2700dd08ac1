package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.lake.Column;
import com.wwi.lakehouse.lake.RowRejectedException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Writes rows ({@code Object[]} in table schema order) to one Snappy-compressed Parquet file, skipping the
 * partition columns (Delta keeps those in the log), and gathers the file's Delta statistics on the way.
 */
final class ParquetRowWriter {
    /** What was written. */
    record Written(long sizeBytes, long records, String statsJson) {
    }

    private ParquetRowWriter() {
    }

    /**
     * @param fileColumns columns stored in the file
     * @param positions   for each file column, its index in the row arrays
     */
    static Written write(Configuration conf, Path path, List<Column> fileColumns, int[] positions,
                         Iterable<Object[]> rows) throws IOException {
        return write(conf, path, fileColumns, positions, rows, null);
    }

    /**
     * As above; {@code accepted} (when not null) runs once the writer has taken every row, before the file is
     * closed (encoded, compressed and flushed): from then on no row can be refused, only I/O can fail.
     */
    static Written write(Configuration conf, Path path, List<Column> fileColumns, int[] positions,
                         Iterable<Object[]> rows, Runnable accepted) throws IOException {
        MessageType type = ParquetSchemas.messageType(fileColumns);
        ColumnStats stats = new ColumnStats(fileColumns);
        RowWriteSupport support = new RowWriteSupport(type, fileColumns, positions, stats);
        try (ParquetWriter<Object[]> w = new Builder(Files2.output(path, conf), support)
                .withConf(conf)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withRowGroupSize(128L * 1024 * 1024)
                .withPageSize(1024 * 1024)
                .withDictionaryEncoding(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                .build()) {
            for (Object[] row : rows) {
                try {
                    w.write(row);
                } catch (RuntimeException e) {
                    throw new RowRejectedException(row, "the Parquet writer refused it: " + e.getMessage(), e);
                }
            }
            if (accepted != null) {
                accepted.run();
            }
        }
        long size = Files2.size(path, conf);
        return new Written(size, stats.records(), stats.toJson());
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final WriteSupport<Object[]> support;

        Builder(OutputFile file, WriteSupport<Object[]> support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Object[]> {
        private final MessageType type;
        private final Column[] columns;
        private final int[] positions;
        private final ColumnStats stats;
        private RecordConsumer consumer;

        RowWriteSupport(MessageType type, List<Column> columns, int[] positions, ColumnStats stats) {
            this.type = type;
            this.columns = columns.toArray(new Column[0]);
            this.positions = positions;
            this.stats = stats;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(type, Map.of("writer.model.name", "wwi-lakehouse"));
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.consumer = recordConsumer;
        }

        @Override
        public void write(Object[] row) {
            consumer.startMessage();
            for (int i = 0; i < columns.length; i++) {
                Object v = row[positions[i]];
                stats.add(i, v);
                if (v == null) {
                    if (!columns[i].nullable()) {
                        throw new IllegalArgumentException("column " + columns[i].name() + " is required but null");
                    }
                    continue;
                }
                consumer.startField(columns[i].name(), i);
                writeValue(columns[i], v);
                consumer.endField(columns[i].name(), i);
            }
            consumer.endMessage();
            stats.addRecord();
        }

        private void writeValue(Column c, Object v) {
            switch (c.type()) {
                case STRING -> consumer.addBinary(Binary.fromReusedByteArray(((String) v).getBytes(StandardCharsets.UTF_8)));
                case INT -> consumer.addInteger((Integer) v);
                case LONG -> consumer.addLong((Long) v);
                case FLOAT -> consumer.addFloat((Float) v);
                case DOUBLE -> consumer.addDouble((Double) v);
                case BOOLEAN -> consumer.addBoolean((Boolean) v);
                case DATE -> consumer.addInteger(Math.toIntExact(((LocalDate) v).toEpochDay()));
                case TIMESTAMP -> consumer.addLong(micros((Instant) v));
                case BINARY -> consumer.addBinary(Binary.fromReusedByteArray((byte[]) v));
                case DECIMAL -> writeDecimal(c, (BigDecimal) v);
            }
        }

        private void writeDecimal(Column c, BigDecimal d) {
            BigDecimal scaled = d.setScale(c.scale(), RoundingMode.HALF_UP);
            if (scaled.precision() > c.precision()) {
                throw new IllegalArgumentException("value " + d + " does not fit column " + c.name() + " " + c.typeName());
            }
            BigInteger unscaled = scaled.unscaledValue();
            if (c.precision() <= 9) {
                consumer.addInteger(unscaled.intValueExact());
            } else if (c.precision() <= 18) {
                consumer.addLong(unscaled.longValueExact());
            } else {
                int len = ParquetSchemas.decimalBytes(c.precision());
                byte[] raw = unscaled.toByteArray();
                byte[] out = new byte[len];
                byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0);
                int off = len - raw.length;
                for (int k = 0; k < off; k++) {
                    out[k] = pad;
                }
                System.arraycopy(raw, 0, out, off, raw.length);
                consumer.addBinary(Binary.fromConstantByteArray(out));
            }
        }
    }

    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    }
}
