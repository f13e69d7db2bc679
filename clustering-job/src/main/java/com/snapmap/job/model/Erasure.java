package com.snapmap.job.model;

import com.snapmap.contract.PhotoErasure;
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
 * A photo's erasure as the job carries it (docs/SEMANTICS.md, "Deleting a photo"): the contract's
 * {@link PhotoErasure} read from a tombstone on photo-uploads, as a POJO with its own serializer.
 */
@TypeInfo(Erasure.Factory.class)
public class Erasure {

    public String photoId;
    public long takenAt;
    public double lat;
    public double lon;
    public long erasedAt;

    public Erasure() {}

    public static Erasure of(PhotoErasure e) {
        Erasure r = new Erasure();
        r.photoId = e.photoId();
        r.takenAt = e.takenAt();
        r.lat = e.lat();
        r.lon = e.lon();
        r.erasedAt = e.erasedAt();
        return r;
    }

    public PhotoErasure toContract() {
        return new PhotoErasure(photoId, takenAt, lat, lon, erasedAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Erasure e && photoId.equals(e.photoId) && takenAt == e.takenAt && lat == e.lat
                && lon == e.lon && erasedAt == e.erasedAt;
    }

    @Override
    public int hashCode() {
        return photoId.hashCode();
    }

    @Override
    public String toString() {
        return "Erasure(" + photoId + ")";
    }

    /** Network type and the cold path's state: {@link CompactTypeInfo}. */
    public static final class Factory extends TypeInfoFactory<Erasure> {
        @Override
        public TypeInformation<Erasure> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(Erasure.class, Serializer.INSTANCE);
        }
    }

    public static final class Serializer extends CompactTypeInfo.RecordSerializer<Erasure> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public Erasure createInstance() {
            return new Erasure();
        }

        @Override
        public Erasure copy(Erasure from) {
            Erasure e = new Erasure();
            e.photoId = from.photoId;
            e.takenAt = from.takenAt;
            e.lat = from.lat;
            e.lon = from.lon;
            e.erasedAt = from.erasedAt;
            return e;
        }

        @Override
        public void serialize(Erasure e, DataOutputView out) throws IOException {
            StringValue.writeString(e.photoId, out);
            out.writeLong(e.takenAt);
            out.writeDouble(e.lat);
            out.writeDouble(e.lon);
            out.writeLong(e.erasedAt);
        }

        @Override
        public Erasure deserialize(DataInputView in) throws IOException {
            Erasure e = new Erasure();
            e.photoId = StringValue.readString(in);
            e.takenAt = in.readLong();
            e.lat = in.readDouble();
            e.lon = in.readDouble();
            e.erasedAt = in.readLong();
            return e;
        }

        @Override
        public TypeSerializerSnapshot<Erasure> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Erasure> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
