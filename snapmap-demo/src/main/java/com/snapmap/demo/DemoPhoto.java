package com.snapmap.demo;

import java.time.Instant;

/** One photo of the demo: where and when it is taken, and which known group it belongs to. */
public record DemoPhoto(String group, double lat, double lon, Instant takenAt) {}
