package com.snapmap.gateway;

/**
 * The remembered outcome of an upload with an Idempotency-Key.
 *
 * @param fingerprint SHA-256 of the original request (image and fields), to refuse a reused key
 * @param json the response body sent the first time
 */
public record IdempotentResponse(String fingerprint, String json) {}
