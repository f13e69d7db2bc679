package com.snapmap.job.model;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A photo routed to a cell: its home cell, or a neighbouring cell it lies within R of (a halo
 * copy, which never becomes a member there). {@code label} is set once the cell linker has placed
 * a home photo in a local cluster.
 */
@TypeInfo(CellPhoto.Factory.class)
public class CellPhoto {

    /** The region (routing cell) this copy is keyed by. */
    public String cell;
    public boolean home;
    /** The photo's home region (equal to {@code cell} on the home copy). */
    public String homeCell;
    /** How many halo copies the photo has: a home photo without any never needs a margin join. */
    public int haloCount;
    public String photoId;
    public long takenAt;
    public double lat;
    public double lon;
    public String label;
    /**
     * Not a photo but its erasure, routed to its home region only (docs/SEMANTICS.md, "Deleting a
     * photo"). Transient: never in state ({@link #pojoType()} leaves it out, the layout is unchanged);
     * the network serializer carries it.
     */
    public transient boolean erasure;

    public CellPhoto() {}

    /** The erasure of the photo {@code photoId} taken at {@code takenAt} at (lat, lon), for its home region {@code home}. */
    public static CellPhoto erasure(String home, String photoId, long takenAt, double lat, double lon) {
        CellPhoto p = new CellPhoto(home, true, photoId, takenAt, lat, lon);
        p.erasure = true;
        return p;
    }

    public CellPhoto(String cell, boolean home, String photoId, long takenAt, double lat, double lon) {
        this.cell = cell;
        this.home = home;
        this.photoId = photoId;
        this.takenAt = takenAt;
        this.lat = lat;
        this.lon = lon;
        this.homeCell = cell;
    }

    public CellPhoto(String cell, boolean home, String homeCell, int haloCount, String photoId, long takenAt,
            double lat, double lon) {
        this(cell, home, photoId, takenAt, lat, lon);
        this.homeCell = homeCell;
        this.haloCount = haloCount;
    }

    @Override
    public String toString() {
        return (erasure ? "erasure" : home ? "home" : "halo") + "(" + photoId + "@" + cell + ", t=" + takenAt + ", label=" + label + ")";
    }

    private static final Map<String, TypeInformation<?>> POJO_FIELDS = Map.of(
            "cell", org.apache.flink.api.common.typeinfo.Types.STRING, "home", org.apache.flink.api.common.typeinfo.Types.BOOLEAN, "homeCell", org.apache.flink.api.common.typeinfo.Types.STRING, "haloCount", org.apache.flink.api.common.typeinfo.Types.INT,
            "photoId", org.apache.flink.api.common.typeinfo.Types.STRING, "takenAt", org.apache.flink.api.common.typeinfo.Types.LONG, "lat", org.apache.flink.api.common.typeinfo.Types.DOUBLE, "lon", org.apache.flink.api.common.typeinfo.Types.DOUBLE,
            "label", org.apache.flink.api.common.typeinfo.Types.STRING);

    /** Network type: {@link CompactTypeInfo} (state stores {@link #pojoType()}). */
    public static final class Factory extends TypeInfoFactory<CellPhoto> {
        @Override
        public TypeInformation<CellPhoto> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(CellPhoto.class, Serializer.INSTANCE);
        }
    }

    /** Savepoint-compatible: a state of this class restores as it was written, POJO serialized. */
    public static TypeInformation<CellPhoto> pojoType() {
        return org.apache.flink.api.common.typeinfo.Types.POJO(CellPhoto.class, POJO_FIELDS);
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<CellPhoto> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public CellPhoto createInstance() {
            return new CellPhoto();
        }

        @Override
        public CellPhoto copy(CellPhoto from) {
            CellPhoto p = new CellPhoto();
            p.cell = from.cell;
            p.home = from.home;
            p.homeCell = from.homeCell;
            p.haloCount = from.haloCount;
            p.photoId = from.photoId;
            p.takenAt = from.takenAt;
            p.lat = from.lat;
            p.lon = from.lon;
            p.label = from.label;
            p.erasure = from.erasure;
            return p;
        }

        @Override
        public void serialize(CellPhoto p, DataOutputView out) throws IOException {
            boolean ownHome = Objects.equals(p.homeCell, p.cell); // every home copy
            out.writeByte((p.home ? 1 : 0) | (ownHome ? 2 : 0) | (p.erasure ? 4 : 0));
            StringValue.writeString(p.cell, out);
            if (!ownHome) {
                StringValue.writeString(p.homeCell, out);
            }
            out.writeInt(p.haloCount);
            StringValue.writeString(p.photoId, out);
            out.writeLong(p.takenAt);
            out.writeDouble(p.lat);
            out.writeDouble(p.lon);
            StringValue.writeString(p.label, out);
        }

        @Override
        public CellPhoto deserialize(DataInputView in) throws IOException {
            CellPhoto p = new CellPhoto();
            int flags = in.readByte();
            p.home = (flags & 1) != 0;
            p.erasure = (flags & 4) != 0;
            p.cell = StringValue.readString(in);
            p.homeCell = (flags & 2) != 0 ? p.cell : StringValue.readString(in);
            p.haloCount = in.readInt();
            p.photoId = StringValue.readString(in);
            p.takenAt = in.readLong();
            p.lat = in.readDouble();
            p.lon = in.readDouble();
            p.label = StringValue.readString(in);
            return p;
        }

        @Override
        public TypeSerializerSnapshot<CellPhoto> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<CellPhoto> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
