package com.snapmap.job.model;

import com.snapmap.core.Photo;

/**
 * What the registries decide, keyed by local label on to the photo labeler: {@code ASSIGN}
 * (photo {@code photoId} of label {@code label} belongs to {@code eventId}) or {@code RELABEL}
 * (every photo of {@code label} now belongs to {@code eventId}). An event id is named after the
 * event's first photo {@code (firstTakenAt, firstPhotoId)}; since a label's event only ever grows,
 * the id with the earliest first photo is always the newest decision, whichever operator sent it.
 * {@code expireAt}: the event time after which the label's event is forgotten.
 */
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
}
