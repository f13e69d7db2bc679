package com.snapmap.gateway;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one rule for every timestamp the API reads (takenAt, from, to, cursors): ISO-8601 with an
 * offset, in the years 0000–9999 (UTC). Anything else is a 400 naming the field, never an
 * overflow further down (a BSON date holds about ±292 million years; Java's Instant more).
 */
public final class ApiTimestamp {

    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private ApiTimestamp() {}

    public static Instant parse(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new ApiError(400, field, "required");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(s.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiError(400, field, "'" + s + "' is not an ISO-8601 timestamp such as 2024-05-01T12:00:00Z");
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new ApiError(400, field, "'" + s + "' is outside the years 0000-9999");
        }
        return t;
    }
}
