package com.snapmap.core.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Event identity (docs/SEMANTICS.md, "Ids"): an event's id is a name-based UUID of its first photo, the
 * member earliest by (takenAt, photoId). Deterministic, so every run, parallelism and replay
 * names the same event the same way.
 */
public final class EventIds {

    private static final byte[] PREFIX = "snapmap-event:".getBytes(StandardCharsets.UTF_8);

    /**
     * One MD5 per thread: {@link UUID#nameUUIDFromBytes} looks its digest up among the security
     * providers on every call, which was a tenth of the registry's id derivations in the profile.
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java runtime", e);
        }
    });

    private EventIds() {}

    /** The same value as {@code UUID.nameUUIDFromBytes(("snapmap-event:" + photoId) in UTF-8)}. */
    public static String forFirstPhoto(String photoId) {
        MessageDigest md5 = MD5.get();
        md5.update(PREFIX);
        byte[] hash = md5.digest(photoId.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3: name-based, MD5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
            lsb = (lsb << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
