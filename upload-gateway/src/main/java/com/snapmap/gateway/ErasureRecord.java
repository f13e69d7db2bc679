package com.snapmap.gateway;

import java.time.Instant;

/**
 * What is kept of an erased photo ({@code erasures}): its id, who uploaded it, when it was first
 * erased. Nothing else: no place, no time, no bytes.
 *
 * @param uploader the uploading key's hash; null for a photo stored before uploaders were recorded
 */
public record ErasureRecord(String photoId, String uploader, Instant erasedAt) {}
