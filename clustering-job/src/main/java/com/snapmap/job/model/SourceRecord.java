package com.snapmap.job.model;

import com.snapmap.core.wire.UploadEvent;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * One input record as its source parsed it ({@code SourceParser}): the upload event, a photo's
 * erasure (a tombstone), or the bad record bound for the DLQ with its bytes, the reason and where
 * it came from. A good record keeps
 * no bytes: only the DLQ needs them.
 */
@TypeInfo(SourceRecord.Factory.class)
public class SourceRecord {

    /** Null on a bad record. */
    public UploadEvent event;
    /** Null on a good record. */
    public BadRecord bad;
    /** Set on a tombstone only (docs/SEMANTICS.md, "Deleting a photo"): the photo's erasure. */
    public Erasure erasure;
    /** When a good record reached its topic ({@code UploadLateness#arrivedAt}); 0 when unknown. */
    public long arrivedAt;

    public SourceRecord() {}

    public static SourceRecord good(UploadEvent event) {
        return good(event, 0L);
    }

    public static SourceRecord good(UploadEvent event, long arrivedAt) {
        SourceRecord r = new SourceRecord();
        r.event = event;
        r.arrivedAt = arrivedAt;
        return r;
    }

    public static SourceRecord bad(BadRecord bad) {
        SourceRecord r = new SourceRecord();
        r.bad = bad;
        return r;
    }

    public static SourceRecord erasure(Erasure erasure) {
        SourceRecord r = new SourceRecord();
        r.erasure = erasure;
        return r;
    }

    /**
     * Network type: {@link CompactTypeInfo}. The source hands every record to the chained parse
     * operator as a copy (object reuse is off). Never in state: the sources' state is their splits.
     */
    public static final class Factory extends TypeInfoFactory<SourceRecord> {
        @Override
        public TypeInformation<SourceRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(SourceRecord.class, Serializer.INSTANCE);
        }
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<SourceRecord> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        private static final int EVENT = 1;
        private static final int BAD = 2;
        private static final int ERASURE = 4;

        @Override
        public SourceRecord createInstance() {
            return new SourceRecord();
        }

        @Override
        public SourceRecord copy(SourceRecord from) {
            SourceRecord r = new SourceRecord();
            r.event = from.event == null ? null : copy(from.event);
            r.bad = from.bad == null ? null : copy(from.bad);
            r.erasure = from.erasure == null ? null : Erasure.Serializer.INSTANCE.copy(from.erasure);
            r.arrivedAt = from.arrivedAt;
            return r;
        }

        @Override
        public void serialize(SourceRecord r, DataOutputView out) throws IOException {
            out.writeByte((r.event != null ? EVENT : 0) | (r.bad != null ? BAD : 0) | (r.erasure != null ? ERASURE : 0));
            if (r.event != null) {
                write(r.event, out);
                out.writeLong(r.arrivedAt);
            }
            if (r.bad != null) {
                write(r.bad, out);
            }
            if (r.erasure != null) {
                Erasure.Serializer.INSTANCE.serialize(r.erasure, out);
            }
        }

        @Override
        public SourceRecord deserialize(DataInputView in) throws IOException {
            SourceRecord r = new SourceRecord();
            int flags = in.readByte();
            if ((flags & EVENT) != 0) {
                r.event = readEvent(in);
                r.arrivedAt = in.readLong();
            }
            if ((flags & BAD) != 0) {
                r.bad = readBad(in);
            }
            if ((flags & ERASURE) != 0) {
                r.erasure = Erasure.Serializer.INSTANCE.deserialize(in);
            }
            return r;
        }

        @Override
        public TypeSerializerSnapshot<SourceRecord> snapshotConfiguration() {
            return new Snapshot();
        }

        private static UploadEvent copy(UploadEvent from) {
            UploadEvent e = new UploadEvent(from.photoId, from.takenAt, from.lat, from.lon, from.storageUrl);
            e.uploadedAt = from.uploadedAt;
            e.contentType = from.contentType;
            e.sizeBytes = from.sizeBytes;
            e.sha256 = from.sha256;
            return e;
        }

        private static void write(UploadEvent e, DataOutputView out) throws IOException {
            StringValue.writeString(e.photoId, out);
            out.writeLong(e.takenAt);
            out.writeDouble(e.lat);
            out.writeDouble(e.lon);
            StringValue.writeString(e.storageUrl, out);
            out.writeLong(e.uploadedAt);
            StringValue.writeString(e.contentType, out);
            out.writeLong(e.sizeBytes);
            StringValue.writeString(e.sha256, out);
        }

        private static UploadEvent readEvent(DataInputView in) throws IOException {
            UploadEvent e = new UploadEvent();
            e.photoId = StringValue.readString(in);
            e.takenAt = in.readLong();
            e.lat = in.readDouble();
            e.lon = in.readDouble();
            e.storageUrl = StringValue.readString(in);
            e.uploadedAt = in.readLong();
            e.contentType = StringValue.readString(in);
            e.sizeBytes = in.readLong();
            e.sha256 = StringValue.readString(in);
            return e;
        }

        private static BadRecord copy(BadRecord from) {
            BadRecord b = new BadRecord();
            b.key = from.key == null ? null : from.key.clone();
            b.keySize = from.keySize;
            b.value = from.value == null ? null : from.value.clone();
            b.valueSize = from.valueSize;
            b.valueSha256 = from.valueSha256;
            b.field = from.field;
            b.reason = from.reason;
            b.source = from.source;
            b.partition = from.partition;
            b.offset = from.offset;
            return b;
        }

        private static void write(BadRecord b, DataOutputView out) throws IOException {
            writeBytes(b.key, out);
            out.writeInt(b.keySize);
            writeBytes(b.value, out);
            out.writeInt(b.valueSize);
            StringValue.writeString(b.valueSha256, out);
            StringValue.writeString(b.field, out);
            StringValue.writeString(b.reason, out);
            StringValue.writeString(b.source, out);
            out.writeInt(b.partition);
            out.writeLong(b.offset);
        }

        private static BadRecord readBad(DataInputView in) throws IOException {
            BadRecord b = new BadRecord();
            b.key = readBytes(in);
            b.keySize = in.readInt();
            b.value = readBytes(in);
            b.valueSize = in.readInt();
            b.valueSha256 = StringValue.readString(in);
            b.field = StringValue.readString(in);
            b.reason = StringValue.readString(in);
            b.source = StringValue.readString(in);
            b.partition = in.readInt();
            b.offset = in.readLong();
            return b;
        }
        private static void writeBytes(byte[] bytes, DataOutputView out) throws IOException {
            out.writeInt(bytes == null ? -1 : bytes.length);
            if (bytes != null) {
                out.write(bytes);
            }
        }

        private static byte[] readBytes(DataInputView in) throws IOException {
            int length = in.readInt();
            if (length < 0) {
                return null;
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            return bytes;
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SourceRecord> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
