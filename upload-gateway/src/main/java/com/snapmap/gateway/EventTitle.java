package com.snapmap.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An event's title as people read it: where, when (UTC), how many photos, e.g. "Lyon,
 * Auvergne-Rhône-Alpes · Sat 1 May, 20:00–22:30 · 90 photos". Without a place it starts with the
 * time; an event over midnight names both days. The map page makes the same title in the viewer's
 * time zone (map.js).
 */
public final class EventTitle {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private EventTitle() {}

    /** @param placeName null when the event has no place; {@code region} is then ignored */
    public static String of(String placeName, String region, Instant start, Instant end, long photoCount) {
        StringBuilder b = new StringBuilder();
        if (placeName != null) {
            b.append(placeName);
            if (region != null && !region.isEmpty() && !region.equals(placeName)) {
                b.append(", ").append(region);
            }
            b.append(" · ");
        }
        ZonedDateTime s = start.atZone(ZoneOffset.UTC);
        ZonedDateTime e = end.atZone(ZoneOffset.UTC);
        b.append(DAY.format(s)).append(", ").append(TIME.format(s));
        LocalDate startDay = s.toLocalDate();
        if (!e.toLocalDate().equals(startDay)) {
            b.append(" – ").append(DAY.format(e)).append(", ").append(TIME.format(e));
        } else if (!TIME.format(e).equals(TIME.format(s))) {
            b.append('–').append(TIME.format(e));
        }
        b.append(" · ").append(photoCount).append(photoCount == 1 ? " photo" : " photos");
        return b.toString();
    }
}
