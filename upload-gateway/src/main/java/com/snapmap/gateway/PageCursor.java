package com.snapmap.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of a listing ended: the sort key and {@code _id} of its last document. Opaque to
 * clients (base64url); a cursor that does not decode is a 400 naming {@code cursor}.
 */
public record PageCursor(String key, String id) {

    private static final char SEPARATOR = '\n'; // never in a geohash, a timestamp or our ids

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((key + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded cursor, or null for a missing one (the first page). */
    public static PageCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String s;
        try {
            s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "cursor", "not a cursor returned by this API");
        }
        int i = s.indexOf(SEPARATOR);
        if (i < 0) {
            throw new ApiError(400, "cursor", "not a cursor returned by this API");
        }
        return new PageCursor(s.substring(0, i), s.substring(i + 1));
    }
}
