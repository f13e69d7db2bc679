package com.snapmap.job.model;

/**
 * What the cell linker learns, keyed on to the margin join and the event registry:
 * <ul>
 *   <li>{@code ASSIGN}: home photo {@code photoId} belongs to local cluster {@code label};
 *   <li>{@code TOUCH}: halo photo {@code photoId} is linked to local cluster {@code label} of a
 *       neighbouring cell (the margin join turns it into a UNION with the photo's home label);
 *   <li>{@code UNION}: local clusters {@code label} and {@code otherLabel} are one event.
 * </ul>
 */
public class LinkFact {

    public enum Kind { ASSIGN, TOUCH, UNION }

    public Kind kind;
    public String photoId;
    /** Event time of the fact: the photo's takenAt, or for a link the later photo's. */
    public long takenAt;
    public double lat;
    public double lon;
    public String label;
    public String otherLabel;

    public LinkFact() {}

    public static LinkFact assign(CellPhoto p, String label) {
        LinkFact f = new LinkFact();
        f.kind = Kind.ASSIGN;
        f.photoId = p.photoId;
        f.takenAt = p.takenAt;
        f.lat = p.lat;
        f.lon = p.lon;
        f.label = label;
        return f;
    }

    /** {@code knownAt}: takenAt of the later of the two linked photos. */
    public static LinkFact touch(CellPhoto halo, String label, long knownAt) {
        LinkFact f = new LinkFact();
        f.kind = Kind.TOUCH;
        f.photoId = halo.photoId;
        f.takenAt = knownAt;
        f.label = label;
        return f;
    }

    /** {@code photoId}/{@code takenAt}: the photo that bridges the two labels (for keying). */
    public static LinkFact union(String photoId, long takenAt, String label, String otherLabel) {
        LinkFact f = new LinkFact();
        f.kind = Kind.UNION;
        f.photoId = photoId;
        f.takenAt = takenAt;
        f.label = label;
        f.otherLabel = otherLabel;
        return f;
    }

    @Override
    public String toString() {
        return kind + "(" + photoId + ", " + label + (otherLabel == null ? "" : " ~ " + otherLabel) + ")";
    }
}
