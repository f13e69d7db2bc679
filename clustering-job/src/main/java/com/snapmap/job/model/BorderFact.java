package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

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
}
