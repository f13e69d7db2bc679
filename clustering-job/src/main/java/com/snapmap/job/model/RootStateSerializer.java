package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The event registry's root state ("roots"), written field by field. Its layout is state format v1
 * (docs/OPERATE.md, "State format"); why it is hand-written: docs/HOT-PATH.md, "Serializers".
 */
public class RootStateSerializer extends CompactTypeInfo.RecordSerializer<RootState> {

    private static final long serialVersionUID = 1L;
    public static final RootStateSerializer INSTANCE = new RootStateSerializer();

    private RootStateSerializer() {}

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
        StringValue.writeString(r.publishedId, out);
        out.writeLong(r.expireAt);
        out.writeInt(r.borderTiers);
        out.writeInt(r.labels);
        out.writeInt(r.sentLabels);
        writeSummary(r.summary, out);
    }

    @Override
    public RootState deserialize(DataInputView in) throws IOException {
        RootState r = new RootState();
        r.border = in.readByte() != 0;
        r.publishedId = StringValue.readString(in);
        r.expireAt = in.readLong();
        r.borderTiers = in.readInt();
        r.labels = in.readInt();
        r.sentLabels = in.readInt();
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
        StringValue.writeString(s.firstPhotoId, out);
        out.writeInt(s.hullPruned);
        writeDoubles(s.hullPoints, out);
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
        s.firstPhotoId = StringValue.readString(in);
        s.hullPruned = in.readInt();
        s.hullPoints = readDoubles(in);
        return s;
    }

    @Override
    public TypeSerializerSnapshot<RootState> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Names the layout the state was written in. Its version, 4, is the one state format v1 was
     * declared with (the numbers before it were layouts no savepoint keeps); a snapshot of any
     * other version, or of another serializer, is refused.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<RootState> {

        static final int LAYOUT = 4;

        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return LAYOUT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != LAYOUT) {
                throw new IOException("unknown layout " + readVersion + " of the registry's root state (this job reads "
                        + LAYOUT + ", state format v1: see docs/OPERATE.md)");
            }
        }

        @Override
        public TypeSerializer<RootState> restoreSerializer() {
            return INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<RootState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<RootState> old) {
            return old instanceof Snapshot
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
