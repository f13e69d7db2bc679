package com.snapmap.job.model;

/**
 * What the event registry decides, keyed by local label on to the photo labeler:
 * {@code ASSIGN} (photo {@code photoId} of label {@code label} belongs to {@code eventId}) or
 * {@code RELABEL} (every photo of {@code label} now belongs to {@code eventId}, after a merge).
 * {@code expireAt}: the event time after which the registry forgets the label's event.
 */
public class LabelFact {

    public enum Kind { ASSIGN, RELABEL }

    public Kind kind;
    public String photoId;
    public String label;
    public String eventId;
    public long expireAt;

    public LabelFact() {}

    public static LabelFact assign(String photoId, String label, String eventId, long expireAt) {
        LabelFact f = new LabelFact();
        f.kind = Kind.ASSIGN;
        f.photoId = photoId;
        f.label = label;
        f.eventId = eventId;
        f.expireAt = expireAt;
        return f;
    }

    public static LabelFact relabel(String label, String eventId, long expireAt) {
        LabelFact f = new LabelFact();
        f.kind = Kind.RELABEL;
        f.label = label;
        f.eventId = eventId;
        f.expireAt = expireAt;
        return f;
    }

    @Override
    public String toString() {
        return kind + "(" + (photoId == null ? "" : photoId + ", ") + label + " -> " + eventId + ")";
    }
}
