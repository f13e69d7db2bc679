package com.snapmap.core.wire;

import com.snapmap.core.Photo;
import java.util.Objects;

/**
 * The upload event the gateway publishes to Kafka {@code photo-uploads} (docs/ARCHITECTURE.md, "Data"): metadata
 * only, never image bytes. JSON form: see {@link UploadEventCodec}.
 */
public class UploadEvent {

    public String photoId;
    /** Capture time, epoch millis UTC: the event time. */
    public long takenAt;
    public double lat;
    public double lon;
    public String storageUrl;
    /** When the gateway received the photo, epoch millis UTC; 0 when unknown. */
    public long uploadedAt;
    public String contentType;
    public long sizeBytes;
    public String sha256;

    public UploadEvent() {}

    public UploadEvent(String photoId, long takenAt, double lat, double lon, String storageUrl) {
        this.photoId = photoId;
        this.takenAt = takenAt;
        this.lat = lat;
        this.lon = lon;
        this.storageUrl = storageUrl;
    }

    public Photo toPhoto() {
        return new Photo(photoId, takenAt, lat, lon);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UploadEvent)) {
            return false;
        }
        UploadEvent e = (UploadEvent) o;
        return takenAt == e.takenAt
                && Double.compare(lat, e.lat) == 0
                && Double.compare(lon, e.lon) == 0
                && uploadedAt == e.uploadedAt
                && sizeBytes == e.sizeBytes
                && Objects.equals(photoId, e.photoId)
                && Objects.equals(storageUrl, e.storageUrl)
                && Objects.equals(contentType, e.contentType)
                && Objects.equals(sha256, e.sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(photoId, takenAt, lat, lon, storageUrl, uploadedAt);
    }

    @Override
    public String toString() {
        return "UploadEvent{" + photoId + ", t=" + takenAt + ", " + lat + "," + lon + "}";
    }
}
