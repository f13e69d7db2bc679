package com.snapmap.job.model;

import com.snapmap.core.cluster.EventSummary;

/**
 * What a region's registry tells the border merge about clusters that cross a region border:
 * <ul>
 *   <li>{@code EDGE}: local labels {@code label} and {@code otherLabel} (of two regions) are
 *       linked;
 *   <li>{@code PART}: the region's cluster rooted at {@code label} now has this absolute
 *       {@code summary}, is published under {@code partId} and spans the local {@code members}.
 * </ul>
 */
public class BorderFact {

    public enum Kind { EDGE, PART }

    public Kind kind;
    public String label;
    public String otherLabel;
    public EventSummary summary;
    public String partId;
    public String[] members;

    public BorderFact() {}

    public static BorderFact edge(String label, String otherLabel) {
        BorderFact f = new BorderFact();
        f.kind = Kind.EDGE;
        f.label = label;
        f.otherLabel = otherLabel;
        return f;
    }

    public static BorderFact part(String root, EventSummary summary, String partId, String[] members) {
        BorderFact f = new BorderFact();
        f.kind = Kind.PART;
        f.label = root;
        f.summary = summary;
        f.partId = partId;
        f.members = members;
        return f;
    }

    @Override
    public String toString() {
        return kind == Kind.EDGE ? "EDGE(" + label + " ~ " + otherLabel + ")"
                : "PART(" + label + " as " + partId + ", n=" + summary.count + ")";
    }
}
