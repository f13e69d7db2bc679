package com.snapmap.contract;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A photo's erasure as it travels on {@link Topics#UPLOADS}: a Kafka tombstone (key photoId, null
 * value, so compaction drops the photo's upload event) whose headers say where and when the photo
 * was taken, so the job can route the erasure to the state that holds the photo (docs/DELIVERY.md,
 * "Deleting a photo"). Header values are UTF-8 decimal strings.
 */
public record PhotoErasure(String photoId, long takenAt, double lat, double lon, long erasedAt) {

    public static final String TAKEN_AT = "snapmap.erasure.takenAt";
    public static final String LAT = "snapmap.erasure.lat";
    public static final String LON = "snapmap.erasure.lon";
    public static final String ERASED_AT = "snapmap.erasure.erasedAt";

    public PhotoErasure {
        if (photoId == null || photoId.isEmpty()) {
            throw new IllegalArgumentException("an erasure needs the photoId as its key");
        }
        if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("erasure of " + photoId + ": location " + lat + "," + lon + " is off the globe");
        }
    }

    /** The headers to put on the tombstone, in a fixed order. */
    public Map<String, byte[]> headers() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(TAKEN_AT, utf8(Long.toString(takenAt)));
        h.put(LAT, utf8(Double.toString(lat)));
        h.put(LON, utf8(Double.toString(lon)));
        h.put(ERASED_AT, utf8(Long.toString(erasedAt)));
        return h;
    }

    /**
     * Reads an erasure from a tombstone's key and headers ({@code header} gives the last value of a
     * header, or null).
     *
     * @throws IllegalArgumentException naming the header that is missing or not a number
     */
    public static PhotoErasure fromHeaders(String photoId, Function<String, byte[]> header) {
        return new PhotoErasure(photoId, longOf(header, TAKEN_AT), doubleOf(header, LAT), doubleOf(header, LON),
                longOf(header, ERASED_AT));
    }

    private static long longOf(Function<String, byte[]> header, String name) {
        String v = text(header, name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("erasure header " + name + " is not an integer: '" + v + "'");
        }
    }

    private static double doubleOf(Function<String, byte[]> header, String name) {
        String v = text(header, name);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("erasure header " + name + " is not a number: '" + v + "'");
        }
    }

    private static String text(Function<String, byte[]> header, String name) {
        byte[] v = header.apply(name);
        if (v == null) {
            throw new IllegalArgumentException("a tombstone on " + Topics.UPLOADS + " lacks the erasure header " + name);
        }
        return new String(v, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
