package com.snapmap.gateway;

import java.time.Duration;

/** Where image bytes live. Blob names are chosen by the server, never by the client. */
public interface BlobStore {

    /** Stores the bytes under {@code name}; returns the blob's URL (without credentials). */
    String put(String name, byte[] data, String contentType) throws StoreUnavailableException;

    /** Best-effort removal (compensation of a failed upload). */
    void delete(String name) throws StoreUnavailableException;

    /** A URL that allows reading the blob for {@code ttl}. */
    String readUrl(String name, Duration ttl);
}
