package com.snapmap.job.model;

import com.snapmap.contract.EventDoc;
import com.snapmap.contract.EventVersion;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.place.Place;
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
 * An event document as the job emits it to MongoDB {@code events} and the {@code event-updates}
 * feed: the contract's {@link EventDoc} (one document, one BSON and one JSON codec for every
 * service), absolute values, so writing the same document twice (a replay) changes nothing.
 */
@TypeInfo(EventDocument.Factory.class)
public class EventDocument extends EventDoc {

    /**
     * Every photo of the event was erased (docs/SEMANTICS.md, "Deleting a photo"): its document is
     * gone from MongoDB, and the feed carries a Kafka tombstone for its id. Never in MongoDB.
     */
    public boolean erased;

    public EventDocument() {}

    /** The announcement that {@code eventId} no longer names anything: all its photos were erased. */
    public static EventDocument erased(String eventId, long version, long updatedAt) {
        EventDocument d = new EventDocument();
        d.eventId = eventId;
        d.version = version;
        d.updatedAt = updatedAt;
        d.erased = true;
        return d;
    }

    /**
     * A live event. Its {@code version} follows the contract's rule ({@link EventVersion}: the
     * photo count, one more once closed) whatever {@code version} says, so every operator of the hot
     * path agrees on it; the argument is kept for the operators' call sites.
     */
    public static EventDocument of(String eventId, EventSummary s, long version, boolean closed, long updatedAt) {
        return of(eventId, s, version, closed, updatedAt, true);
    }

    /** As above; {@code named} false leaves its place out ({@code events.place-lookup} off). */
    public static EventDocument of(String eventId, EventSummary s, long version, boolean closed, long updatedAt, boolean named) {
        EventDocument d = new EventDocument();
        d.fillEvent(eventId, s, closed, updatedAt, named);
        return d;
    }

    /**
     * A live event of the hot path, {@code erased} of whose counted photos were erased while it was
     * open (docs/SEMANTICS.md, "Deleting a photo"): they leave its {@code photoCount} at once, and its
     * version counts each of them twice ({@link EventVersion#counted}), so an erasure raises it. The
     * rest of the summary still holds them until the cold path re-forms the event once it has closed.
     * Closed with every photo erased, it is {@link #erased}: the sink deletes its open document.
     */
    public static EventDocument hot(String eventId, EventSummary s, int erased, boolean closed, long updatedAt,
            boolean named) {
        EventDocument d = of(eventId, s, 0, closed, updatedAt, named);
        d.photoCount = s.count - erased;
        d.version = EventVersion.of(EventVersion.counted(d.photoCount, erased), closed);
        // Closed with every photo erased: it names nothing, and its open document goes.
        return closed && d.photoCount == 0 ? erased(eventId, d.version, updatedAt) : d;
    }

    /** The tombstone of {@code eventId} into a hot event of {@code photoCount} photos and {@code erased} erased ones. */
    public static EventDocument tombstone(String eventId, String mergedInto, long photoCount, int erased, long updatedAt) {
        return tombstone(eventId, mergedInto, EventVersion.tombstone(EventVersion.counted(photoCount, erased)), updatedAt);
    }

    /** A tombstone; {@code version} should be {@link EventVersion#tombstone} of the survivor's count. */
    public static EventDocument tombstone(String eventId, String mergedInto, long version, long updatedAt) {
        EventDocument d = new EventDocument();
        d.fillTombstone(eventId, mergedInto, version, updatedAt);
        return d;
    }

    /** The same document as this job's network type (for one read back from MongoDB). */
    public static EventDocument copyOf(EventDoc from) {
        EventDocument d = new EventDocument();
        d.eventId = from.eventId;
        d.mergedInto = from.mergedInto;
        d.centroidLat = from.centroidLat;
        d.centroidLon = from.centroidLon;
        d.west = from.west;
        d.south = from.south;
        d.east = from.east;
        d.north = from.north;
        d.radiusMeters = from.radiusMeters;
        d.startAt = from.startAt;
        d.endAt = from.endAt;
        d.photoCount = from.photoCount;
        d.version = from.version;
        d.status = from.status;
        d.updatedAt = from.updatedAt;
        d.firstPhotoId = from.firstPhotoId;
        d.cell = from.cell;
        d.area = from.area == null ? null : from.area.clone();
        d.place = from.place; // immutable
        d.owner = from.owner;
        d.splitInto = from.splitInto == null ? null : from.splitInto.clone();
        return d;
    }

    /** Network type: {@link CompactTypeInfo} (no state holds an event document). */
    public static final class Factory extends TypeInfoFactory<EventDocument> {
        @Override
        public TypeInformation<EventDocument> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(EventDocument.class, Serializer.INSTANCE);
        }
    }

    /**
     * Every field of the contract's document, in declaration order; the footprint as a length and
     * its values, the place as a presence flag and its three strings. Hand-written for speed; why,
     * and by how much: docs/HOT-PATH.md, "Serializers".
     */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<EventDocument> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public EventDocument createInstance() {
            return new EventDocument();
        }

        @Override
        public EventDocument copy(EventDocument from) {
            EventDocument d = copyOf(from);
            d.erased = from.erased;
            return d;
        }

        @Override
        public void serialize(EventDocument d, DataOutputView out) throws IOException {
            StringValue.writeString(d.eventId, out);
            StringValue.writeString(d.mergedInto, out);
            out.writeDouble(d.centroidLat);
            out.writeDouble(d.centroidLon);
            out.writeDouble(d.west);
            out.writeDouble(d.south);
            out.writeDouble(d.east);
            out.writeDouble(d.north);
            out.writeDouble(d.radiusMeters);
            out.writeLong(d.startAt);
            out.writeLong(d.endAt);
            out.writeLong(d.photoCount);
            out.writeLong(d.version);
            StringValue.writeString(d.status, out);
            out.writeLong(d.updatedAt);
            StringValue.writeString(d.firstPhotoId, out);
            StringValue.writeString(d.cell, out);
            writeDoubles(d.area, out);
            out.writeBoolean(d.place != null);
            if (d.place != null) {
                StringValue.writeString(d.place.name(), out);
                StringValue.writeString(d.place.region(), out);
                StringValue.writeString(d.place.countryCode(), out);
            }
            StringValue.writeString(d.owner, out);
            writeStrings(d.splitInto, out);
            out.writeBoolean(d.erased);
        }

        @Override
        public EventDocument deserialize(DataInputView in) throws IOException {
            EventDocument d = new EventDocument();
            d.eventId = StringValue.readString(in);
            d.mergedInto = StringValue.readString(in);
            d.centroidLat = in.readDouble();
            d.centroidLon = in.readDouble();
            d.west = in.readDouble();
            d.south = in.readDouble();
            d.east = in.readDouble();
            d.north = in.readDouble();
            d.radiusMeters = in.readDouble();
            d.startAt = in.readLong();
            d.endAt = in.readLong();
            d.photoCount = in.readLong();
            d.version = in.readLong();
            d.status = StringValue.readString(in);
            d.updatedAt = in.readLong();
            d.firstPhotoId = StringValue.readString(in);
            d.cell = StringValue.readString(in);
            d.area = readDoubles(in);
            if (in.readBoolean()) {
                d.place = new Place(StringValue.readString(in), StringValue.readString(in), StringValue.readString(in));
            }
            d.owner = StringValue.readString(in);
            d.splitInto = readStrings(in);
            d.erased = in.readBoolean();
            return d;
        }

        @Override
        public TypeSerializerSnapshot<EventDocument> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventDocument> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
