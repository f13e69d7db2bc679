package com.snapmap.demo;

/**
 * A group of the demo that must come out as one event: {@code photos} photos within
 * {@code spreadM} of the centre, one every {@code stepS} seconds (under the 5 min link window),
 * ending {@code endsAgoS} seconds before "now".
 */
public record KnownEvent(String name, double lat, double lon, int photos, double spreadM, int stepS, int endsAgoS) {}
