package com.snapmap.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    /** Ids are in every savepoint, document and tombstone: the cached digest must not change one. */
    @Test
    void sameIdsAsTheNameBasedUuidOfTheJdk() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                // ASCII mostly, some Latin-1, some beyond (two and three UTF-8 bytes)
                int kind = random.nextInt(10);
                id.append((char) (kind < 7 ? 32 + random.nextInt(95) : kind < 9 ? 160 + random.nextInt(96) : 0x400 + random.nextInt(0x2000)));
            }
            String photoId = id.toString();
            UUID expected = UUID.nameUUIDFromBytes(("snapmap-event:" + photoId).getBytes(StandardCharsets.UTF_8));
            assertEquals(expected, UUID.fromString(EventIds.forFirstPhoto(photoId)), photoId);
        }
    }
}
