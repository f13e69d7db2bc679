package com.snapmap.gateway;

/**
 * One upload as received: image bytes plus the optional client-supplied fields (raw strings).
 *
 * @param caller who uploads (the API key's hash): Idempotency-Keys are scoped to it
 */
public record UploadRequest(
        byte[] image, String takenAt, String lat, String lon, String idempotencyKey, String caller) {}
