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
 * What the cell linker learns, keyed by {@code route} (a region) on to the event registry:
 * <ul>
 *   <li>{@code ASSIGN}: home photo {@code photoId} belongs to local cluster {@code label};
 *   <li>{@code UNION}: local clusters {@code label} and {@code otherLabel} of one region are one
 *       event;
 *   <li>{@code TOUCH_HOME}: halo photo {@code photoId} links local cluster {@code label} of a
 *       neighbouring region; routed to the photo's home region, where the margin join turns it
 *       into a border edge between the photo's own label and {@code label};
 *   <li>{@code TOUCH_AWAY}: the same touch, routed to {@code label}'s region, which learns that
 *       the cluster crosses a region border;
 *   <li>{@code ERASE}: home photo {@code photoId}, of local cluster {@code label}, was erased
 *       (docs/SEMANTICS.md, "Deleting a photo").
 * </ul>
 * On both touches {@code otherLabel} holds the halo photo's home region: with {@code label}'s
 * region it decides which tier of the border merge the crossing goes to ({@code BorderTiers}).
 */
@TypeInfo(LinkFact.Factory.class)
public class LinkFact {

    public enum Kind { ASSIGN, UNION, TOUCH_HOME, TOUCH_AWAY, ERASE }

    public Kind kind;
    /** The region whose registry takes this fact. */
    public String route;
    public String photoId;
    /** Event time of the fact: the photo's takenAt, or for a link the later photo's. */
    public long takenAt;
    public double lat;
    public double lon;
    public String label;
    public String otherLabel;
    /** On ASSIGN: the photo has halo copies, so touches may come for it. */
    public boolean hasHalo;

    public LinkFact() {}

    /** The label the linker gives a photo that links no cluster of its region: named after the photo, new. */
    public static String newLabel(String cell, String photoId) {
        return cell + "/" + photoId;
    }

    /**
     * An ASSIGN to the label named after its own photo: no cluster had that label before (the
     * linker names a label so only for a photo it has not seen, and it sees every copy of a photo
     * that is not too late to link).
     */
    public boolean opensLabel() {
        return kind == Kind.ASSIGN && label.length() == route.length() + 1 + photoId.length()
                && label.charAt(route.length()) == '/' && label.startsWith(route) && label.endsWith(photoId);
    }

    public static LinkFact assign(CellPhoto p, String label) {
        LinkFact f = new LinkFact();
        f.kind = Kind.ASSIGN;
        f.route = p.cell;
        f.photoId = p.photoId;
        f.takenAt = p.takenAt;
        f.lat = p.lat;
        f.lon = p.lon;
        f.label = label;
        f.hasHalo = p.haloCount > 0;
        return f;
    }

    public static LinkFact union(String route, String photoId, long takenAt, String label, String otherLabel) {
        LinkFact f = new LinkFact();
        f.kind = Kind.UNION;
        f.route = route;
        f.photoId = photoId;
        f.takenAt = takenAt;
        f.label = label;
        f.otherLabel = otherLabel;
        return f;
    }

    /** The erasure of home photo {@code p}, which the linker placed in {@code label}: an ASSIGN's fields. */
    public static LinkFact erase(CellPhoto p, String label) {
        LinkFact f = assign(p, label);
        f.kind = Kind.ERASE;
        return f;
    }

    /** {@code knownAt}: takenAt of the later of the two linked photos. */
    public static LinkFact touch(Kind kind, String route, CellPhoto halo, String label, long knownAt) {
        LinkFact f = new LinkFact();
        f.kind = kind;
        f.route = route;
        f.photoId = halo.photoId;
        f.takenAt = knownAt;
        f.label = label;
        f.otherLabel = halo.homeCell;
        return f;
    }

    @Override
    public String toString() {
        return kind + "(" + photoId + ", " + label + (otherLabel == null ? "" : " ~ " + otherLabel) + " @" + route + ")";
    }

    /** Network type: {@link CompactTypeInfo}. */
    public static final class Factory extends TypeInfoFactory<LinkFact> {
        @Override
        public TypeInformation<LinkFact> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(LinkFact.class, Serializer.INSTANCE);
        }
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<LinkFact> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public LinkFact createInstance() {
            return new LinkFact();
        }

        @Override
        public LinkFact copy(LinkFact from) {
            LinkFact f = new LinkFact();
            f.kind = from.kind;
            f.route = from.route;
            f.photoId = from.photoId;
            f.takenAt = from.takenAt;
            f.lat = from.lat;
            f.lon = from.lon;
            f.label = from.label;
            f.otherLabel = from.otherLabel;
            f.hasHalo = from.hasHalo;
            return f;
        }

        @Override
        public void serialize(LinkFact f, DataOutputView out) throws IOException {
            // Only an ASSIGN carries a position: the others save 16 bytes (-0.0 still goes out).
            boolean position = Double.doubleToRawLongBits(f.lat) != 0 || Double.doubleToRawLongBits(f.lon) != 0;
            writeKind(f.kind, out);
            out.writeByte((f.hasHalo ? 1 : 0) | (position ? 2 : 0));
            StringValue.writeString(f.route, out);
            StringValue.writeString(f.photoId, out);
            out.writeLong(f.takenAt);
            if (position) {
                out.writeDouble(f.lat);
                out.writeDouble(f.lon);
            }
            StringValue.writeString(f.label, out);
            StringValue.writeString(f.otherLabel, out);
        }

        @Override
        public LinkFact deserialize(DataInputView in) throws IOException {
            LinkFact f = new LinkFact();
            f.kind = readKind(Kind.values(), in);
            int flags = in.readByte();
            f.hasHalo = (flags & 1) != 0;
            f.route = StringValue.readString(in);
            f.photoId = StringValue.readString(in);
            f.takenAt = in.readLong();
            if ((flags & 2) != 0) {
                f.lat = in.readDouble();
                f.lon = in.readDouble();
            }
            f.label = StringValue.readString(in);
            f.otherLabel = StringValue.readString(in);
            return f;
        }

        @Override
        public TypeSerializerSnapshot<LinkFact> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LinkFact> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
