package com.snapmap.job.model;

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
 * An idempotent write to MongoDB {@code photos}: {@code PHOTO} sets one photo's eventId and
 * clusterLabel; {@code LABEL} sets the eventId of every photo whose clusterLabel is
 * {@code label} (one updateMany after a merge). Applied in order per label, they leave each photo
 * with its final event.
 */
@TypeInfo(PhotoWrite.Factory.class)
public class PhotoWrite {

    public enum Kind { PHOTO, LABEL }

    public Kind kind;
    public String photoId;
    public String label;
    public String eventId;

    public PhotoWrite() {}

    public static PhotoWrite photo(String photoId, String label, String eventId) {
        PhotoWrite w = new PhotoWrite();
        w.kind = Kind.PHOTO;
        w.photoId = photoId;
        w.label = label;
        w.eventId = eventId;
        return w;
    }

    public static PhotoWrite label(String label, String eventId) {
        PhotoWrite w = new PhotoWrite();
        w.kind = Kind.LABEL;
        w.label = label;
        w.eventId = eventId;
        return w;
    }

    @Override
    public String toString() {
        return kind + "(" + (photoId == null ? "" : photoId + ", ") + label + " -> " + eventId + ")";
    }

    /** Network type: {@link CompactTypeInfo}. */
    public static final class Factory extends TypeInfoFactory<PhotoWrite> {
        @Override
        public TypeInformation<PhotoWrite> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(PhotoWrite.class, Serializer.INSTANCE);
        }
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<PhotoWrite> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public PhotoWrite createInstance() {
            return new PhotoWrite();
        }

        @Override
        public PhotoWrite copy(PhotoWrite from) {
            PhotoWrite w = new PhotoWrite();
            w.kind = from.kind;
            w.photoId = from.photoId;
            w.label = from.label;
            w.eventId = from.eventId;
            return w;
        }

        @Override
        public void serialize(PhotoWrite w, DataOutputView out) throws IOException {
            writeKind(w.kind, out);
            StringValue.writeString(w.photoId, out);
            StringValue.writeString(w.label, out);
            StringValue.writeString(w.eventId, out);
        }

        @Override
        public PhotoWrite deserialize(DataInputView in) throws IOException {
            PhotoWrite w = new PhotoWrite();
            w.kind = readKind(Kind.values(), in);
            w.photoId = StringValue.readString(in);
            w.label = StringValue.readString(in);
            w.eventId = StringValue.readString(in);
            return w;
        }

        @Override
        public TypeSerializerSnapshot<PhotoWrite> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PhotoWrite> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
