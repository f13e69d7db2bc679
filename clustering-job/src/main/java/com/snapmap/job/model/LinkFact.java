package com.snapmap.job.model;

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
 *       the cluster crosses a region border.
 * </ul>
 * On both touches {@code otherLabel} holds the halo photo's home region: with {@code label}'s
 * region it decides which tier of the border merge the crossing goes to ({@code BorderTiers}).
 */
public class LinkFact {

    public enum Kind { ASSIGN, UNION, TOUCH_HOME, TOUCH_AWAY }

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
}
