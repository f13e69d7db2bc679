package com.snapmap.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where a page of a listing ended: the sort key and {@code _id} of its last document, bound to the
 * query it pages through (a hash of that query's parameters, limit aside). Opaque to clients
 * (base64url); a cursor that does not decode, or that belongs to another query, is a 400 naming
 * {@code cursor}.
 */
public record PageCursor(String key, String id) {

    private static final char SEPARATOR = '\n'; // never in a geohash, a timestamp or our ids

    /** The binding of a query: a short hash of its parts, in order (null parts count as absent). */
    public static String queryOf(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(p == null ? new byte[] {0} : ("=" + p.trim()).getBytes(StandardCharsets.UTF_8));
                md.update((byte) SEPARATOR);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encode(String query) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((query + SEPARATOR + key + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The decoded cursor of {@code query}, or null for a missing one (the first page). */
    public static PageCursor decode(String cursor, String query) {
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
        int j = i < 0 ? -1 : s.indexOf(SEPARATOR, i + 1);
        if (j < 0) {
            throw new ApiError(400, "cursor", "not a cursor returned by this API");
        }
        if (!s.substring(0, i).equals(query)) {
            throw new ApiError(400, "cursor", "a cursor of another query: page with the parameters that returned it");
        }
        return new PageCursor(s.substring(i + 1, j), s.substring(j + 1));
    }
}
