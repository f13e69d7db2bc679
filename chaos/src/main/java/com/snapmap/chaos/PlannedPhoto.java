package com.snapmap.chaos;

import java.time.Instant;

/** One upload a client will make: its Idempotency-Key, place and capture time (whole seconds, as EXIF keeps them). */
public record PlannedPhoto(String key, double lat, double lon, Instant takenAt) {}
