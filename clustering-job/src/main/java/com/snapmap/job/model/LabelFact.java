package com.snapmap.job.model;

import com.snapmap.core.Photo;
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
 * What the registries decide, keyed by local label on to the photo labeler: {@code ASSIGN}
 * (photo {@code photoId} of label {@code label} belongs to {@code eventId}) or {@code RELABEL}
 * (every photo of {@code label} now belongs to {@code eventId}). An event id is named after the
 * event's first photo {@code (firstTakenAt, firstPhotoId)}; since a label's event only ever grows,
 * the id with the earliest first photo is always the newest decision, whichever operator sent it.
 * {@code expireAt}: the event time after which the label's event is forgotten.
 */
@TypeInfo(LabelFact.Factory.class)
public class LabelFact {

    public enum Kind { ASSIGN, RELABEL }

    public Kind kind;
    public String photoId;
    public String label;
    public String eventId;
    public long firstTakenAt;
    public String firstPhotoId;
    public long expireAt;

    public LabelFact() {}

    public static LabelFact assign(String photoId, String label, String eventId, long firstTakenAt,
            String firstPhotoId, long expireAt) {
        LabelFact f = relabel(label, eventId, firstTakenAt, firstPhotoId, expireAt);
        f.kind = Kind.ASSIGN;
        f.photoId = photoId;
        return f;
    }

    public static LabelFact relabel(String label, String eventId, long firstTakenAt, String firstPhotoId,
            long expireAt) {
        LabelFact f = new LabelFact();
        f.kind = Kind.RELABEL;
        f.label = label;
        f.eventId = eventId;
        f.firstTakenAt = firstTakenAt;
        f.firstPhotoId = firstPhotoId;
        f.expireAt = expireAt;
        return f;
    }

    /** True when this decision names an event with an earlier first photo than (t, id). */
    public boolean newerThan(long t, String id) {
        return id == null || Photo.compareByTimeThenId(firstTakenAt, firstPhotoId, t, id) < 0;
    }

    @Override
    public String toString() {
        return kind + "(" + (photoId == null ? "" : photoId + ", ") + label + " -> " + eventId + ")";
    }

    private static final Map<String, TypeInformation<?>> POJO_FIELDS = Map.of(
            "kind", org.apache.flink.api.common.typeinfo.Types.ENUM(Kind.class), "photoId", org.apache.flink.api.common.typeinfo.Types.STRING, "label", org.apache.flink.api.common.typeinfo.Types.STRING, "eventId", org.apache.flink.api.common.typeinfo.Types.STRING,
            "firstTakenAt", org.apache.flink.api.common.typeinfo.Types.LONG, "firstPhotoId", org.apache.flink.api.common.typeinfo.Types.STRING, "expireAt", org.apache.flink.api.common.typeinfo.Types.LONG);

    /** Network type: {@link CompactTypeInfo} (state stores {@link #pojoType()}). */
    public static final class Factory extends TypeInfoFactory<LabelFact> {
        @Override
        public TypeInformation<LabelFact> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(LabelFact.class, Serializer.INSTANCE);
        }
    }

    /** Savepoint-compatible: a state of this class restores as it was written, POJO serialized. */
    public static TypeInformation<LabelFact> pojoType() {
        return org.apache.flink.api.common.typeinfo.Types.POJO(LabelFact.class, POJO_FIELDS);
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<LabelFact> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public LabelFact createInstance() {
            return new LabelFact();
        }

        @Override
        public LabelFact copy(LabelFact from) {
            LabelFact f = new LabelFact();
            f.kind = from.kind;
            f.photoId = from.photoId;
            f.label = from.label;
            f.eventId = from.eventId;
            f.firstTakenAt = from.firstTakenAt;
            f.firstPhotoId = from.firstPhotoId;
            f.expireAt = from.expireAt;
            return f;
        }

        @Override
        public void serialize(LabelFact f, DataOutputView out) throws IOException {
            writeKind(f.kind, out);
            StringValue.writeString(f.photoId, out);
            StringValue.writeString(f.label, out);
            StringValue.writeString(f.eventId, out);
            out.writeLong(f.firstTakenAt);
            StringValue.writeString(f.firstPhotoId, out);
            out.writeLong(f.expireAt);
        }

        @Override
        public LabelFact deserialize(DataInputView in) throws IOException {
            LabelFact f = new LabelFact();
            f.kind = readKind(Kind.values(), in);
            f.photoId = StringValue.readString(in);
            f.label = StringValue.readString(in);
            f.eventId = StringValue.readString(in);
            f.firstTakenAt = in.readLong();
            f.firstPhotoId = StringValue.readString(in);
            f.expireAt = in.readLong();
            return f;
        }

        @Override
        public TypeSerializerSnapshot<LabelFact> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LabelFact> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
