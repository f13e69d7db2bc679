package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The event registry's root state, written field by field: a root is read and written on every
 * photo, and Flink's POJO serializer (reflection, every field of a new instance set to a default
 * first) was about a tenth of the task time on RocksDB. State written by the POJO serializer, in
 * savepoints from before, is rewritten with this one when it is restored (Flink's state migration:
 * the snapshot declares the POJO layout compatible after migration).
 */
public final class RootStateSerializer extends CompactTypeInfo.RecordSerializer<RootState> {

    private static final long serialVersionUID = 1L;
    public static final RootStateSerializer INSTANCE = new RootStateSerializer();

    /** The type of the registry's "roots" state values. */
    public static TypeInformation<RootState> stateType() {
        return new CompactTypeInfo<>(RootState.class, INSTANCE);
    }

    @Override
    public RootState createInstance() {
        return new RootState();
    }

    @Override
    public RootState copy(RootState from) {
        return from.copy();
    }

    @Override
    public void serialize(RootState r, DataOutputView out) throws IOException {
        out.writeByte(r.border ? 1 : 0);
        writeString(r.publishedId, out);
        out.writeLong(r.expireAt);
        out.writeInt(r.borderTiers);
        out.writeInt(r.labels);
        writeSummary(r.summary, out);
    }

    @Override
    public RootState deserialize(DataInputView in) throws IOException {
        RootState r = new RootState();
        r.border = in.readByte() != 0;
        r.publishedId = readString(in);
        r.expireAt = in.readLong();
        r.borderTiers = in.readInt();
        r.labels = in.readInt();
        r.summary = readSummary(in);
        return r;
    }

    static void writeSummary(EventSummary s, DataOutputView out) throws IOException {
        out.writeLong(s.count);
        out.writeDouble(s.sumX);
        out.writeDouble(s.sumY);
        out.writeDouble(s.sumZ);
        out.writeDouble(s.minLat);
        out.writeDouble(s.maxLat);
        out.writeDouble(s.west);
        out.writeDouble(s.lonWidth);
        out.writeLong(s.startAt);
        out.writeLong(s.endAt);
        out.writeLong(s.firstTakenAt);
        writeString(s.firstPhotoId, out);
        out.writeInt(s.hullPruned);
        double[] hull = s.hullPoints;
        out.writeInt(hull == null ? -1 : hull.length);
        if (hull != null) {
            for (double v : hull) {
                out.writeDouble(v);
            }
        }
    }

    static EventSummary readSummary(DataInputView in) throws IOException {
        EventSummary s = new EventSummary();
        s.count = in.readLong();
        s.sumX = in.readDouble();
        s.sumY = in.readDouble();
        s.sumZ = in.readDouble();
        s.minLat = in.readDouble();
        s.maxLat = in.readDouble();
        s.west = in.readDouble();
        s.lonWidth = in.readDouble();
        s.startAt = in.readLong();
        s.endAt = in.readLong();
        s.firstTakenAt = in.readLong();
        s.firstPhotoId = readString(in);
        s.hullPruned = in.readInt();
        int n = in.readInt();
        if (n >= 0) {
            s.hullPoints = new double[n];
            for (int i = 0; i < n; i++) {
                s.hullPoints[i] = in.readDouble();
            }
        }
        return s;
    }

    @Override
    public TypeSerializerSnapshot<RootState> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RootState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<RootState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<RootState> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // state from before
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
