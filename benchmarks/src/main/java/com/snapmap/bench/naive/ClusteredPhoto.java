package com.snapmap.bench.naive;

/** A photo the naive worker has already assigned, as its recent-photos documents hold it. */
public final class ClusteredPhoto {

    public final String photoId;
    public final long takenAt;
    public final double lat;
    public final double lon;
    public final String eventId;

    public ClusteredPhoto(String photoId, long takenAt, double lat, double lon, String eventId) {
        this.photoId = photoId;
        this.takenAt = takenAt;
        this.lat = lat;
        this.lon = lon;
        this.eventId = eventId;
    }
}
