package com.snapmap.job.model;

import java.io.IOException;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Type information of a record that crosses a shuffle, with its hand-written serializer (why each
 * one is kept: docs/HOT-PATH.md, "Serializers"). The record classes name their factory with
 * {@code @TypeInfo}; keyed state keeps the POJO layout of the ones it stores ({@code pojoType()}).
 */
public final class CompactTypeInfo<T> extends TypeInformation<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    CompactTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer;
    }

    @Override
    @SuppressWarnings("deprecation")
    public TypeSerializer<T> createSerializer(ExecutionConfig config) {
        return serializer;
    }

    @Override
    public String toString() {
        return "CompactTypeInfo<" + type.getSimpleName() + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactTypeInfo && ((CompactTypeInfo<?>) o).type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof CompactTypeInfo;
    }

    /** A stateless serializer of a mutable record: copies through its own fields. */
    abstract static class RecordSerializer<T> extends TypeSerializerSingleton<T> {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public T copy(T from, T reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public T deserialize(T reuse, DataInputView source) throws IOException {
            return deserialize(source);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            serialize(deserialize(source), target);
        }

        /** Null-safe: a length ({@code -1} for null), then the values. */
        static void writeDoubles(double[] values, DataOutputView out) throws IOException {
            out.writeInt(values == null ? -1 : values.length);
            if (values != null) {
                for (double v : values) {
                    out.writeDouble(v);
                }
            }
        }

        static double[] readDoubles(DataInputView in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = in.readDouble();
            }
            return values;
        }

        /** Null-safe: a length ({@code -1} for null), then the strings. */
        static void writeStrings(String[] values, DataOutputView out) throws IOException {
            out.writeInt(values == null ? -1 : values.length);
            if (values != null) {
                for (String v : values) {
                    StringValue.writeString(v, out);
                }
            }
        }

        static String[] readStrings(DataInputView in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            String[] values = new String[n];
            for (int i = 0; i < n; i++) {
                values[i] = StringValue.readString(in);
            }
            return values;
        }

        /** An enum as ordinal + 1, 0 for null. */
        static void writeKind(Enum<?> kind, DataOutputView out) throws IOException {
            out.writeByte(kind == null ? 0 : kind.ordinal() + 1);
        }

        static <E extends Enum<E>> E readKind(E[] values, DataInputView in) throws IOException {
            int k = in.readByte();
            return k == 0 ? null : values[k - 1];
        }
    }
}
