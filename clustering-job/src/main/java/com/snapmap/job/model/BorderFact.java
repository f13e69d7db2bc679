package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;
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
 * What the border merge learns about clusters that cross a region border, from the regions'
 * registries and from the lower tiers of the border merge ({@code BorderTiers}):
 * <ul>
 *   <li>{@code EDGE}: local labels {@code label} and {@code otherLabel} (of two regions) are
 *       linked;
 *   <li>{@code PART}: the cluster rooted at {@code label} (a region's, or a whole component of a
 *       lower tier) now has this absolute {@code summary}, is known under {@code partId} and spans
 *       the local {@code members} besides those its earlier parts named (a sender sends each label
 *       once, and again only when its cluster was absorbed into another one).
 * </ul>
 * Every fact goes to the merge node {@code node}: an edge to the node of its one tier, a part from
 * a region to the region's node of the first tier, a part from a tier's node to that node's parent.
 * {@code tiers} holds an edge's tier, or every tier a part has edges in (above the tier that sent
 * it).
 */
@TypeInfo(BorderFact.Factory.class)
public class BorderFact {

    public enum Kind { EDGE, PART }

    public Kind kind;
    /** Key of the border merge node the fact goes to. */
    public String node;
    /** Bit set of tiers ({@code BorderTiers}). */
    public int tiers;
    public String label;
    public String otherLabel;
    public EventSummary summary;
    public String partId;
    public String[] members;
    /** On PART: the ids of the part's photos erased while open (docs/SEMANTICS.md, "Deleting a photo"); null when none. */
    public String[] erased;

    public BorderFact() {}

    public static BorderFact edge(String node, int tiers, String label, String otherLabel) {
        BorderFact f = new BorderFact();
        f.kind = Kind.EDGE;
        f.node = node;
        f.tiers = tiers;
        f.label = label;
        f.otherLabel = otherLabel;
        return f;
    }

    public static BorderFact part(String node, int tiers, String root, EventSummary summary, String partId,
            String[] members) {
        BorderFact f = new BorderFact();
        f.kind = Kind.PART;
        f.node = node;
        f.tiers = tiers;
        f.label = root;
        f.summary = summary;
        f.partId = partId;
        f.members = members;
        return f;
    }

    @Override
    public String toString() {
        return (kind == Kind.EDGE ? "EDGE(" + label + " ~ " + otherLabel
                : "PART(" + label + " as " + partId + ", n=" + summary.count) + " -> " + node + ", tiers=" + tiers + ")";
    }

    /** Network type: {@link CompactTypeInfo} (no state holds a border fact). */
    public static final class Factory extends TypeInfoFactory<BorderFact> {
        @Override
        public TypeInformation<BorderFact> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
            return new CompactTypeInfo<>(BorderFact.class, Serializer.INSTANCE);
        }
    }

    /** Hand-written for speed; why, and by how much: docs/HOT-PATH.md, "Serializers". */
    public static final class Serializer extends CompactTypeInfo.RecordSerializer<BorderFact> {
        private static final long serialVersionUID = 1L;
        public static final Serializer INSTANCE = new Serializer();

        @Override
        public BorderFact createInstance() {
            return new BorderFact();
        }

        @Override
        public BorderFact copy(BorderFact from) {
            BorderFact f = new BorderFact();
            f.kind = from.kind;
            f.node = from.node;
            f.tiers = from.tiers;
            f.label = from.label;
            f.otherLabel = from.otherLabel;
            f.summary = from.summary == null ? null : from.summary.copy();
            f.partId = from.partId;
            f.members = from.members == null ? null : from.members.clone();
            f.erased = from.erased == null ? null : from.erased.clone();
            return f;
        }

        @Override
        public void serialize(BorderFact f, DataOutputView out) throws IOException {
            writeKind(f.kind, out);
            StringValue.writeString(f.node, out);
            out.writeInt(f.tiers);
            StringValue.writeString(f.label, out);
            StringValue.writeString(f.otherLabel, out);
            out.writeBoolean(f.summary != null);
            if (f.summary != null) {
                RootStateSerializer.writeSummary(f.summary, out);
            }
            StringValue.writeString(f.partId, out);
            writeStrings(f.members, out);
            writeStrings(f.erased, out);
        }

        @Override
        public BorderFact deserialize(DataInputView in) throws IOException {
            BorderFact f = new BorderFact();
            f.kind = readKind(Kind.values(), in);
            f.node = StringValue.readString(in);
            f.tiers = in.readInt();
            f.label = StringValue.readString(in);
            f.otherLabel = StringValue.readString(in);
            f.summary = in.readBoolean() ? RootStateSerializer.readSummary(in) : null;
            f.partId = StringValue.readString(in);
            f.members = readStrings(in);
            f.erased = readStrings(in);
            return f;
        }

        @Override
        public TypeSerializerSnapshot<BorderFact> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<BorderFact> {
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
