package com.snapmap.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * JSON wire format of {@link UploadEvent} and its validation:
 *
 * <pre>{"photoId":"p1","takenAt":"2024-05-01T12:00:00Z","location":[4.83,45.76],
 *  "storageUrl":"https://…","uploadedAt":"2024-05-01T12:01:02Z",
 *  "contentType":"image/jpeg","sizeBytes":12345,"sha256":"…"}</pre>
 *
 * {@code location} is GeoJSON order, longitude first. {@code photoId}, {@code takenAt} and
 * {@code location} are required; unknown fields are ignored so producers can add fields.
 * Thread-safe.
 */
public final class UploadEventCodec {

    public static final int MAX_RECORD_BYTES = 16 * 1024;
    public static final int MAX_PHOTO_ID_LENGTH = 128;
    /** Capture times before the first photograph are camera garbage. */
    public static final Instant EARLIEST_TAKEN_AT = Instant.parse("1826-01-01T00:00:00Z");

    private static final Pattern PHOTO_ID = Pattern.compile("[A-Za-z0-9._:@-]+");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Duration maxFutureSkew;

    /** @param maxFutureSkew how far past "now" a capture time may lie (clock skew on phones) */
    public UploadEventCodec(Duration maxFutureSkew) {
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0, got " + maxFutureSkew);
        }
        this.maxFutureSkew = maxFutureSkew;
    }

    public UploadEventCodec() {
        this(Duration.ofDays(1));
    }

    /**
     * One pass of Jackson's streaming parser, no tree ({@link UploadEventFields}), then the
     * checks in a fixed field order.
     *
     * @param now the wall clock the capture time may not lie beyond (plus the skew); null: no check
     */
    public UploadEvent parse(byte[] value, Instant now) throws InvalidUploadEventException {
        if (value == null || value.length == 0) {
            throw new InvalidUploadEventException(null, "empty record");
        }
        if (value.length > MAX_RECORD_BYTES) {
            throw new InvalidUploadEventException(
                    null,
                    "record of " + value.length + " bytes exceeds the " + MAX_RECORD_BYTES
                            + "-byte limit (image bytes never travel on this topic)");
        }
        UploadEventFields f = new UploadEventFields();
        boolean object;
        try (JsonParser p = MAPPER.createParser(value)) {
            object = f.read(p);
        } catch (java.io.IOException e) {
            throw new InvalidUploadEventException(null, "not valid JSON: " + firstLine(e));
        }
        if (!object) {
            throw new InvalidUploadEventException(null, "not a JSON object");
        }
        return validate(f, now);
    }

    public UploadEvent parse(String value, Instant now) throws InvalidUploadEventException {
        return parse(value == null ? null : value.getBytes(StandardCharsets.UTF_8), now);
    }

    private UploadEvent validate(UploadEventFields f, Instant now) throws InvalidUploadEventException {
        UploadEvent e = new UploadEvent();
        e.photoId = requiredText(f.photoId, "photoId");
        if (e.photoId.length() > MAX_PHOTO_ID_LENGTH || !PHOTO_ID.matcher(e.photoId).matches()) {
            throw new InvalidUploadEventException(
                    "photoId",
                    "must be 1.." + MAX_PHOTO_ID_LENGTH + " characters of [A-Za-z0-9._:@-]");
        }
        Instant takenAt = requiredInstant(f.takenAt, "takenAt");
        if (takenAt.isBefore(EARLIEST_TAKEN_AT)) {
            throw new InvalidUploadEventException("takenAt", "before " + EARLIEST_TAKEN_AT);
        }
        if (now != null && takenAt.isAfter(now.plus(maxFutureSkew))) {
            throw new InvalidUploadEventException(
                    "takenAt", "lies in the future (" + takenAt + " > now + " + maxFutureSkew + ")");
        }
        e.takenAt = takenAt.toEpochMilli();

        if (f.locationLength == UploadEventFields.ABSENT) {
            throw new InvalidUploadEventException("location", "missing");
        }
        if (f.locationLength != 2) {
            throw new InvalidUploadEventException(
                    "location", "must be a GeoJSON position [longitude, latitude]");
        }
        e.lon = coordinate(f.lonIsNumber, f.lon, "location[0] (longitude)", 180);
        e.lat = coordinate(f.latIsNumber, f.lat, "location[1] (latitude)", 90);

        e.storageUrl = optionalText(f.storageUrl, "storageUrl");
        e.contentType = optionalText(f.contentType, "contentType");
        e.sha256 = optionalText(f.sha256, "sha256");
        Instant uploadedAt = optionalInstant(f.uploadedAt, "uploadedAt");
        e.uploadedAt = uploadedAt == null ? 0 : uploadedAt.toEpochMilli();
        if (f.sizeBytes == UploadEventFields.INVALID) {
            throw new InvalidUploadEventException("sizeBytes", "must be a non-negative integer");
        }
        e.sizeBytes = f.sizeBytes;
        return e;
    }

    public String toJson(UploadEvent e) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("photoId", e.photoId);
        n.put("takenAt", Instant.ofEpochMilli(e.takenAt).toString());
        n.putArray("location").add(e.lon).add(e.lat);
        if (e.storageUrl != null) {
            n.put("storageUrl", e.storageUrl);
        }
        if (e.uploadedAt != 0) {
            n.put("uploadedAt", Instant.ofEpochMilli(e.uploadedAt).toString());
        }
        if (e.contentType != null) {
            n.put("contentType", e.contentType);
        }
        if (e.sizeBytes != 0) {
            n.put("sizeBytes", e.sizeBytes);
        }
        if (e.sha256 != null) {
            n.put("sha256", e.sha256);
        }
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static double coordinate(boolean isNumber, double v, String field, double bound)
            throws InvalidUploadEventException {
        if (!isNumber) {
            throw new InvalidUploadEventException(field, "must be a number");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidUploadEventException(field, "must be finite");
        }
        if (v < -bound || v > bound) {
            throw new InvalidUploadEventException(field, v + " is outside [-" + bound + ", " + bound + "]");
        }
        return v;
    }

    private static String requiredText(Object v, String field) throws InvalidUploadEventException {
        String s = optionalText(v, field);
        if (s == null) {
            throw new InvalidUploadEventException(field, "missing");
        }
        if (s.isEmpty()) {
            throw new InvalidUploadEventException(field, "must not be empty");
        }
        return s;
    }

    private static String optionalText(Object v, String field) throws InvalidUploadEventException {
        if (v == UploadEventFields.NOT_TEXT) {
            throw new InvalidUploadEventException(field, "must be a string");
        }
        return (String) v;
    }

    private static Instant requiredInstant(Object v, String field) throws InvalidUploadEventException {
        Instant i = optionalInstant(v, field);
        if (i == null) {
            throw new InvalidUploadEventException(field, "missing");
        }
        return i;
    }

    private static Instant optionalInstant(Object v, String field) throws InvalidUploadEventException {
        if (v == UploadEventFields.NOT_TEXT) {
            throw new InvalidUploadEventException(
                    field, "must be an ISO-8601 UTC timestamp string such as 2024-05-01T12:00:00Z");
        }
        if (v == null) {
            return null;
        }
        try {
            return IsoInstants.parse((String) v);
        } catch (DateTimeParseException ex) {
            throw new InvalidUploadEventException(
                    field, "'" + v + "' is not an ISO-8601 UTC timestamp such as 2024-05-01T12:00:00Z");
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
