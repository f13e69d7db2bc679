package com.snapmap.chaos;

/** An upload the gateway acknowledged (2xx): the photo it says it stored, and the SHA-256 (hex) of the bytes sent. */
public record Acknowledged(PlannedPhoto planned, String photoId, String sha256) {}
