package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The event registry's root state, written field by field: a root is read and written on every
 * photo, and Flink's POJO serializer (reflection, every field of a new instance set to a default
 * first) was about a tenth of the task time on RocksDB. State written by the POJO serializer, in
 * savepoints from before, is rewritten with this one when it is restored (Flink's state migration:
 * the snapshot declares the POJO layout compatible after migration). So is state of the first
 * field-by-field layout, which had no {@code sentLabels} (snapshot version 3).
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
        write(r, out, true);
    }

    @Override
    public RootState deserialize(DataInputView in) throws IOException {
        return read(in, true);
    }

    private static void write(RootState r, DataOutputView out, boolean withSentLabels) throws IOException {
        out.writeByte(r.border ? 1 : 0);
        StringValue.writeString(r.publishedId, out); // state: Flink's string encoding, as in every savepoint
        out.writeLong(r.expireAt);
        out.writeInt(r.borderTiers);
        out.writeInt(r.labels);
        if (withSentLabels) {
            out.writeInt(r.sentLabels);
        }
        writeSummary(r.summary, out);
    }

    private static RootState read(DataInputView in, boolean withSentLabels) throws IOException {
        RootState r = new RootState();
        r.border = in.readByte() != 0;
        r.publishedId = StringValue.readString(in);
        r.expireAt = in.readLong();
        r.borderTiers = in.readInt();
        r.labels = in.readInt();
        if (withSentLabels) {
            r.sentLabels = in.readInt();
        }
        r.summary = readSummary(in);
        return r;
    }

    /**
     * The first field-by-field layout, without {@code sentLabels} (read as 0: the border merge is
     * sent every label once more, which it already has). The job only restores state with it;
     * tests write state the way the job did before.
     */
    public static final class WithoutSentLabels extends RootStateSerializer {

        private static final long serialVersionUID = 1L;
        public static final WithoutSentLabels INSTANCE = new WithoutSentLabels();

        private WithoutSentLabels() {}

        public static TypeInformation<RootState> stateType() {
            return new CompactTypeInfo<>(RootState.class, INSTANCE);
        }

        @Override
        public void serialize(RootState r, DataOutputView out) throws IOException {
            write(r, out, false);
        }

        @Override
        public RootState deserialize(DataInputView in) throws IOException {
            return read(in, false);
        }

        @Override
        public TypeSerializerSnapshot<RootState> snapshotConfiguration() {
            return new Snapshot(Snapshot.WITHOUT_SENT_LABELS);
        }
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
     * Names the layout the state was written in: version 3 is the first field-by-field layout
     * (written by Flink's {@code SimpleTypeSerializerSnapshot}, whose version it was, and which
     * wrote nothing else), version 4 adds {@code sentLabels}.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<RootState> {

        static final int WITHOUT_SENT_LABELS = 3;
        static final int CURRENT = 4;

        private int layout = CURRENT;

        public Snapshot() {}

        Snapshot(int layout) {
            this.layout = layout;
        }

        /** The layout's number: a snapshot of the layout before is written as the version it was. */
        @Override
        public int getCurrentVersion() {
            return layout;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion < WITHOUT_SENT_LABELS || readVersion > CURRENT) {
                throw new IOException("unknown layout " + readVersion + " of the registry's root state (this job reads "
                        + WITHOUT_SENT_LABELS + " to " + CURRENT + ")");
            }
            layout = readVersion;
        }

        @Override
        public TypeSerializer<RootState> restoreSerializer() {
            return layout == WITHOUT_SENT_LABELS ? WithoutSentLabels.INSTANCE : INSTANCE;
        }

        @Override
        public TypeSerializerSchemaCompatibility<RootState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<RootState> old) {
            if (old instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration(); // state from before
            }
            if (old instanceof Snapshot) {
                return ((Snapshot) old).layout == CURRENT
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
