package com.snapmap.gateway;

import java.time.Instant;

/**
 * An Idempotency-Key as recorded: claimed before any write, completed with the response sent.
 *
 * @param fingerprint SHA-256 of the original request (image and fields), to refuse a reused key
 * @param photoId the photo the claiming request writes (recorded with the claim, before the blob);
 *     null for claims from before it was recorded
 * @param createdAt when the key was claimed (or last taken over)
 * @param json the response body sent the first time; null while unfinished
 */
public record IdempotencyClaim(String fingerprint, String photoId, Instant createdAt, String json) {}
