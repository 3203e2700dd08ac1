package com.wwi.lakehouse.lake.delta;

import com.wwi.lakehouse.errors.Errors;
import com.wwi.lakehouse.lake.TableRefusedException;
import com.wwi.lakehouse.lake.TableUse;
import io.delta.standalone.actions.Metadata;
import io.delta.standalone.types.ArrayType;
import io.delta.standalone.types.DataType;
import io.delta.standalone.types.MapType;
import io.delta.standalone.types.StructField;
import io.delta.standalone.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guard on Delta table features: for each use of a table (read, append, rewrite, compaction, VACUUM,
 * checkpoint, schema change), whether this pipeline can honour every feature the table's protocol lists. The
 * pipeline reads and writes the protocol of the tables it creates, reader 1 / writer 2; another engine (Spark,
 * Databricks, Fabric) may upgrade a table. Then:
 *
 * <ul>
 *   <li>any <b>reader</b> feature (deletion vectors, column mapping, v2 checkpoints, timestampNtz, type widening,
 *       ...) refuses the table whole: Delta Standalone cannot read it correctly, and a misread is worse than none;</li>
 *   <li>a <b>writer-only</b> feature leaves the table readable; a write goes ahead only when each such feature is
 *       either honoured or not active: {@code appendOnly} (no rewrite that changes data), {@code changeDataFeed}
 *       (appends, compaction and VACUUM need no change files; a MERGE or recompute would, so it is refused),
 *       {@code checkConstraints}, {@code generatedColumns}, {@code identityColumns}, {@code invariants} (refused
 *       only for a write of new rows while a constraint, a generated or identity column, or an invariant is
 *       defined: we do not evaluate them); every other writer feature (row tracking, domain metadata, in-commit
 *       timestamps, clustering, Iceberg compatibility, column defaults, one this code does not know) refuses every
 *       write.</li>
 * </ul>
 * The refusal is a {@link TableRefusedException} naming the table, the features and the way out; nothing is written.
 */
final class TableFeatures {
    /** A protocol action: versions and the table features it lists (empty below reader 3 / writer 7). */
    record Protocol(int reader, int writer, List<String> readerFeatures, List<String> writerFeatures) {
        static final Protocol OURS = new Protocol(1, 2, List.of(), List.of());

        Protocol {
            readerFeatures = List.copyOf(readerFeatures);
            writerFeatures = List.copyOf(writerFeatures);
        }

        /** Every feature named, reader features first, each once. */
        List<String> features() {
            List<String> all = new ArrayList<>(readerFeatures);
            writerFeatures.stream().filter(f -> !all.contains(f)).forEach(all::add);
            return all;
        }

        /** The reader features in force: listed at reader 3, implied by the legacy reader version 2. */
        Set<String> effectiveReaderFeatures() {
            Set<String> s = new LinkedHashSet<>();
            if (reader >= 3) {
                s.addAll(readerFeatures);
            } else if (reader == 2) {
                s.add("columnMapping");
            }
            return s;
        }

        /** The writer features in force: listed at writer 7, implied by the legacy writer versions 2 to 6. */
        Set<String> effectiveWriterFeatures() {
            Set<String> s = new LinkedHashSet<>();
            if (writer >= 7) {
                s.addAll(writerFeatures);
                return s;
            }
            if (writer >= 2) {
                s.add("appendOnly");
                s.add("invariants");
            }
            if (writer >= 3) {
                s.add("checkConstraints");
            }
            if (writer >= 4) {
                s.add("changeDataFeed");
                s.add("generatedColumns");
            }
            if (writer >= 5) {
                s.add("columnMapping");
            }
            if (writer >= 6) {
                s.add("identityColumns");
            }
            return s;
        }

        @Override
        public String toString() {
            return "(" + reader + ", " + writer + ")" + (features().isEmpty() ? "" : " " + features());
        }
    }

    private TableFeatures() {
    }

    /** Throws {@link TableRefusedException} unless {@code use} of the table honours every feature it lists. */
    static void check(Object table, Protocol p, Metadata md, TableUse use) {
        List<String> blocking = blocking(p, md, use);
        if (!blocking.isEmpty()) {
            throw new TableRefusedException(Errors.unsupportedFeatures(table, p.reader(), p.writer(), blocking,
                    use == TableUse.READ ? null : use.verb()));
        }
    }

    /** The features (with why, where a feature is refused only while active) that forbid {@code use}; empty if none. */
    static List<String> blocking(Protocol p, Metadata md, TableUse use) {
        List<String> out = new ArrayList<>(p.effectiveReaderFeatures());
        if (!out.isEmpty() || use == TableUse.READ) {
            return out;
        }
        if (use == TableUse.ALTER && p.writer() > 2) { // a metadata commit goes through Standalone: protocol 1/2 only
            out.addAll(p.effectiveWriterFeatures());
            return out;
        }
        Map<String, String> conf = md == null ? Map.of() : md.getConfiguration();
        StructType schema = md == null ? null : md.getSchema();
        for (String f : p.effectiveWriterFeatures()) {
            boolean refused = switch (f) {
                case "appendOnly" -> use == TableUse.REWRITE && "true".equalsIgnoreCase(conf.get("delta.appendOnly"));
                case "changeDataFeed" -> use == TableUse.REWRITE
                        && "true".equalsIgnoreCase(conf.get("delta.enableChangeDataFeed"));
                case "checkConstraints" -> use.writesRows()
                        && conf.keySet().stream().anyMatch(k -> k.startsWith("delta.constraints."));
                case "invariants" -> use.writesRows() && hasFieldMetadata(schema, "delta.invariants");
                case "generatedColumns" -> use.writesRows() && hasFieldMetadata(schema, "delta.generationExpression");
                case "identityColumns" -> use.writesRows() && hasFieldMetadata(schema, "delta.identity.");
                default -> true;
            };
            if (refused) {
                out.add(f);
            }
        }
        return out;
    }

    /** True when a field anywhere in the schema has a metadata key equal to, or starting with, {@code key}. */
    private static boolean hasFieldMetadata(StructType schema, String key) {
        if (schema == null) {
            return false;
        }
        for (StructField f : schema.getFields()) {
            for (String k : f.getMetadata().getEntries().keySet()) {
                if (k.equals(key) || (key.endsWith(".") && k.startsWith(key))) {
                    return true;
                }
            }
            if (nested(f.getDataType(), key)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nested(DataType t, String key) {
        if (t instanceof StructType s) {
            return hasFieldMetadata(s, key);
        }
        if (t instanceof ArrayType a) {
            return nested(a.getElementType(), key);
        }
        if (t instanceof MapType m) {
            return nested(m.getKeyType(), key) || nested(m.getValueType(), key);
        }
        return false;
    }
}
