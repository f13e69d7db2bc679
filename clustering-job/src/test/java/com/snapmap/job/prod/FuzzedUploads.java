package com.snapmap.job.prod;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Hostile photo-uploads values, each invalid by construction (never by chance valid), from one
 * seed: random bytes, truncated and byte-mutated valid events, oversized ones, wrong JSON types,
 * missing fields and out-of-range values.
 */
final class FuzzedUploads {

    /** One fuzzed value and the kind of damage done to it. */
    record Fuzzed(String kind, byte[] value) {}

    /**
     * Bytes that break JSON wherever they stand in our (ASCII, whitespace-free) events: control
     * characters other than JSON's whitespace, and UTF-8 continuation bytes without a lead.
     */
    private static final byte[] BREAKING = breaking();

    private static final List<String> WRONG_TYPES = List.of(
            "{\"photoId\":7,\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":1714521600000,\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":\"%3$s,%4$s\"}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":{\"lon\":%3$s,\"lat\":%4$s}}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[\"%3$s\",\"%4$s\"]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s],\"sizeBytes\":\"12\"}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s],\"storageUrl\":42}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s],\"uploadedAt\":1714521600000}",
            "{\"photoId\":[\"%1$s\"],\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "[\"%1$s\",\"%2$s\",%3$s,%4$s]");

    private static final List<String> MISSING = List.of(
            "{\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\"}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[]}",
            "{\"photoId\":null,\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{}");

    private static final List<String> OUT_OF_RANGE = List.of(
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,90.000001]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,-91]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[180.5,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[-1e400,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"1825-12-31T23:59:59Z\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"2999-01-01T00:00:00Z\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"2024-13-01T00:00:00Z\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"a b/%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s" + "x".repeat(UploadEventCodec.MAX_PHOTO_ID_LENGTH) + "\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s]}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s],\"sizeBytes\":-1}",
            "{\"photoId\":\"%1$s\",\"takenAt\":\"%2$s\",\"location\":[%3$s,%4$s],\"sizeBytes\":99999999999999999999}");

    private final Random random;
    private final long t0;
    private final long span;

    /** Events from [t0, t0 + span), so the valid ones they start from lie within the photos' time. */
    FuzzedUploads(long seed, long t0, long span) {
        this.random = new Random(seed);
        this.t0 = t0;
        this.span = span;
    }

    /** The next fuzzed value; one in forty is oversized (they are large, the rest are small). */
    Fuzzed next() {
        int pick = random.nextInt(40);
        if (pick == 0) {
            return oversized();
        }
        return switch (pick % 6) {
            case 0 -> new Fuzzed("random bytes", randomBytes(random.nextInt(300)));
            case 1 -> truncated();
            case 2 -> mutated();
            case 3 -> new Fuzzed("wrong type", template(WRONG_TYPES));
            case 4 -> new Fuzzed("missing field", template(MISSING));
            default -> new Fuzzed("out of range", template(OUT_OF_RANGE));
        };
    }

    private byte[] randomBytes(int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    /** A valid event of every field, far from any city photo (the southern ocean). */
    private byte[] valid() {
        UploadEvent e = new UploadEvent(photoId(), t0 + (long) (random.nextDouble() * span),
                -50 - random.nextDouble() * 10, random.nextDouble() * 360 - 180, "https://blob.example/p/" + photoId());
        e.uploadedAt = e.takenAt + 1_000;
        e.contentType = "image/jpeg";
        e.sizeBytes = 1 + random.nextInt(5_000_000);
        e.sha256 = "ab".repeat(32);
        return ProductionRig.CODEC.toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    private String photoId() {
        return "fz" + Long.toHexString(random.nextLong());
    }

    /** Every strict prefix of a JSON object is incomplete. */
    private Fuzzed truncated() {
        byte[] v = valid();
        return new Fuzzed("truncated", Arrays.copyOf(v, random.nextInt(v.length)));
    }

    private Fuzzed mutated() {
        byte[] v = valid();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            v[random.nextInt(v.length)] = BREAKING[random.nextInt(BREAKING.length)];
        }
        return new Fuzzed("byte-mutated", v);
    }

    /** A valid event with a pad field past the codec's limit, up to beyond what a DLQ copy keeps whole. */
    private Fuzzed oversized() {
        byte[] v = valid();
        int size = UploadEventCodec.MAX_RECORD_BYTES + 1 + random.nextInt(80_000);
        byte[] out = new byte[size];
        Arrays.fill(out, (byte) 'x');
        byte[] head = ("{\"pad\":\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, out, 0, head.length);
        out[size - v.length - 1] = '"';
        out[size - v.length] = ',';
        System.arraycopy(v, 1, out, size - v.length + 1, v.length - 1);
        return new Fuzzed("oversized", out);
    }

    private byte[] template(List<String> templates) {
        String json = String.format(java.util.Locale.ROOT, templates.get(random.nextInt(templates.size())), photoId(),
                java.time.Instant.ofEpochMilli(t0 + (long) (random.nextDouble() * span)),
                random.nextDouble() * 360 - 180, -50 - random.nextDouble() * 10);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] breaking() {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int c = 0; c < 0x20; c++) {
            if (c != '\t' && c != '\n' && c != '\r') {
                b.write(c);
            }
        }
        for (int c = 0x80; c < 0xC0; c++) {
            b.write(c);
        }
        return b.toByteArray();
    }
}
