package com.snapmap.gateway;

/** One upload as received: image bytes plus the optional client-supplied fields (raw strings). */
public record UploadRequest(byte[] image, String takenAt, String lat, String lon, String idempotencyKey) {}
