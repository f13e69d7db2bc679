package com.snapmap.job.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Type information of a record that crosses a shuffle on every photo, with a hand-written
 * serializer: Flink's POJO serializer reads and writes fields by reflection and fills every field
 * of a new instance with a default before reading it (half of its deserialization time in the
 * profile). The record classes name their factory with {@code @TypeInfo}.
 *
 * <p>Keyed state keeps the POJO layout of these classes (its savepoints stay restorable): the
 * operators that store one name {@code Types.POJO} with explicit fields for it.
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

        /**
         * Null-safe. A string of ASCII characters (every id and label here) goes as its bytes after
         * a length, copied in one call each way; Flink's own encoding writes and reads it a
         * character at a time (a label fact's round trip: 1.05-1.19x in JMH). Anything else goes in
         * Flink's encoding. Records only: state keeps Flink's encoding ({@link RootStateSerializer}).
         */
        static void writeString(String s, DataOutputView out) throws IOException {
            if (s == null) {
                writeLength(NULL_STRING, out);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            if (isAscii(s, bytes)) {
                writeLength(bytes.length + ASCII_STRING, out);
                out.write(bytes);
            } else {
                writeLength(OTHER_STRING, out);
                StringValue.writeString(s, out);
            }
        }

        static String readString(DataInputView in) throws IOException {
            int header = readLength(in);
            if (header == NULL_STRING) {
                return null;
            }
            if (header == OTHER_STRING) {
                return StringValue.readString(in);
            }
            byte[] bytes = new byte[header - ASCII_STRING];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        private static final int NULL_STRING = 0;
        private static final int OTHER_STRING = 1;
        /** Header of an ASCII string: its length plus this. */
        private static final int ASCII_STRING = 2;

        /**
         * One UTF-8 byte per character means ASCII, or a lone surrogate, which UTF-8 replaces by
         * '?': a '?' byte is trusted only where the string has one. (Flink's
         * {@code DataOutputSerializer.writeBytes} would skip the copy, but advances twice.)
         */
        private static boolean isAscii(String s, byte[] utf8) {
            if (utf8.length != s.length()) {
                return false;
            }
            for (int i = 0; i < utf8.length; i++) {
                if (utf8[i] == '?' && s.charAt(i) != '?') {
                    return false;
                }
            }
            return true;
        }

        /** A non-negative int in 7-bit groups, low first: one byte below 128. */
        private static void writeLength(int n, DataOutputView out) throws IOException {
            while (n >= 0x80) {
                out.writeByte(n & 0x7f | 0x80);
                n >>>= 7;
            }
            out.writeByte(n);
        }

        private static int readLength(DataInputView in) throws IOException {
            int n = 0;
            for (int shift = 0; ; shift += 7) {
                int b = in.readUnsignedByte();
                n |= (b & 0x7f) << shift;
                if (b < 0x80) {
                    return n;
                }
                if (shift > 21) {
                    throw new IOException("corrupt string length in a record");
                }
            }
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
                    writeString(v, out);
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
                values[i] = readString(in);
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
