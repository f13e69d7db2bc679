package com.snapmap.gateway;

import com.snapmap.core.wire.UploadEventCodec;
import java.time.Instant;
import java.util.UUID;

/**
 * What makes an upload acceptable, and the HTTP answer when it is not: an image of a known type
 * whose bytes are complete, a time taken and a position (given, or read from its EXIF), each in
 * range. Checked before anything is stored.
 */
final class UploadValidation {

    private final GatewayConfig config;

    UploadValidation(GatewayConfig config) {
        this.config = config;
    }

    /** The checked, complete metadata of one upload; its new photoId may become that of an abandoned Idempotency-Key claim it takes over. */
    static final class Valid {
        String photoId;
        final byte[] image;
        final String contentType;
        final Instant takenAt;
        final double lat;
        final double lon;

        private Valid(byte[] image, String contentType, Instant takenAt, double lat, double lon) {
            this.photoId = UUID.randomUUID().toString();
            this.image = image;
            this.contentType = contentType;
            this.takenAt = takenAt;
            this.lat = lat;
            this.lon = lon;
        }
    }

    Valid validate(UploadRequest req, Instant now) {
        byte[] image = req.image();
        if (image == null || image.length == 0) {
            throw new ApiError(400, "file", "no image bytes in the request");
        }
        if (image.length > config.maxUploadBytes()) {
            throw new ApiError(413, "file", "image exceeds " + config.maxUploadBytes() + " bytes");
        }
        String contentType = ImageSniffer.contentType(image)
                .orElseThrow(() -> new ApiError(415, "file", "not a JPEG, PNG, HEIC/HEIF or WebP image"));
        if (contentType.equals("image/jpeg") && !ImageSniffer.isCompleteJpeg(image)) {
            throw new ApiError(422, "file", "truncated JPEG (no end-of-image marker)");
        }
        if (!ImageStructure.looksComplete(image, contentType)) {
            throw new ApiError(400, "file", "starts like " + contentType + " but holds no readable image");
        }
        Instant takenAt = parseTakenAt(req.takenAt(), now);
        Double lat = parseCoordinate(req.lat(), "lat", 90);
        Double lon = parseCoordinate(req.lon(), "lon", 180);
        if ((lat == null) != (lon == null)) {
            throw new ApiError(422, lat == null ? "lat" : "lon", "lat and lon must be given together");
        }
        if (takenAt == null || lat == null) {
            ExifData exif = ExifData.read(image);
            if (takenAt == null && exif.takenAt() != null) {
                takenAt = checkTakenAt(exif.takenAt(), now);
            }
            if (lat == null && exif.lat() != null) {
                lat = checkRange(exif.lat(), "lat", 90);
                lon = checkRange(exif.lon(), "lon", 180);
            }
        }
        if (takenAt == null) {
            throw new ApiError(422, "takenAt", "not given and no EXIF DateTimeOriginal in the image");
        }
        if (lat == null) {
            throw new ApiError(422, "lat", "position not given and no EXIF GPS in the image");
        }
        return new Valid(image, contentType, takenAt, lat, lon);
    }

    private Instant parseTakenAt(String s, Instant now) {
        if (s == null || s.isBlank()) {
            return null;
        }
        Instant t = ApiTimestamp.parse(s, "takenAt");
        return checkTakenAt(t, now);
    }

    private Instant checkTakenAt(Instant t, Instant now) {
        if (t.isAfter(now.plus(config.maxFutureSkew()))) {
            throw new ApiError(422, "takenAt", t + " lies in the future");
        }
        if (t.isBefore(UploadEventCodec.EARLIEST_TAKEN_AT)) {
            throw new ApiError(422, "takenAt", t + " is before " + UploadEventCodec.EARLIEST_TAKEN_AT);
        }
        return t;
    }

    private static Double parseCoordinate(String s, String field, double bound) {
        if (s == null || s.isBlank()) {
            return null;
        }
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(400, field, "'" + s + "' is not a number");
        }
        return checkRange(v, field, bound);
    }

    static double checkRange(double v, String field, double bound) {
        if (!Double.isFinite(v)) {
            throw new ApiError(400, field, "must be a finite number");
        }
        if (v < -bound || v > bound) {
            throw new ApiError(400, field, v + " is outside [-" + bound + ", " + bound + "]");
        }
        return v;
    }
}
