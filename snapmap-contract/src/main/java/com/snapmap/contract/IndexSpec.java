package com.snapmap.contract;

import org.bson.Document;

/**
 * One named index. MongoDB refuses a key pattern that exists under another name, and an existing
 * name with other options, so every service creates exactly these (see {@link SnapmapIndexes}).
 *
 * @param expireAfterSeconds TTL in seconds, or null for a plain index
 */
public record IndexSpec(String collection, String name, Document keys, Long expireAfterSeconds) {

    public static IndexSpec of(String collection, String name, Document keys) {
        return new IndexSpec(collection, name, keys, null);
    }
}
