package com.snapmap.job.model;

/**
 * An idempotent write to MongoDB {@code photos}: {@code PHOTO} sets one photo's eventId and
 * clusterLabel; {@code LABEL} sets the eventId of every photo whose clusterLabel is
 * {@code label} (one updateMany after a merge). Applied in order per label, they leave each photo
 * with its final event.
 */
public class PhotoWrite {

    public enum Kind { PHOTO, LABEL }

    public Kind kind;
    public String photoId;
    public String label;
    public String eventId;

    public PhotoWrite() {}

    public static PhotoWrite photo(String photoId, String label, String eventId) {
        PhotoWrite w = new PhotoWrite();
        w.kind = Kind.PHOTO;
        w.photoId = photoId;
        w.label = label;
        w.eventId = eventId;
        return w;
    }

    public static PhotoWrite label(String label, String eventId) {
        PhotoWrite w = new PhotoWrite();
        w.kind = Kind.LABEL;
        w.label = label;
        w.eventId = eventId;
        return w;
    }

    @Override
    public String toString() {
        return kind + "(" + (photoId == null ? "" : photoId + ", ") + label + " -> " + eventId + ")";
    }
}
