package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExifDataTest {

    @Test
    void readsGpsAndDateTimeOriginal() {
        ExifData exif = ExifData.read(TestImages.jpegWithExif(3, 45.76, -4.83, "2024:05:01 12:00:00"));
        assertThat(exif.takenAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(exif.lat()).isCloseTo(45.76, within(1e-6));
        assertThat(exif.lon()).isCloseTo(-4.83, within(1e-6));
    }

    @Test
    void plainImageAndGarbageHaveNothing() {
        assertThat(ExifData.read(TestImages.jpeg(4))).isEqualTo(ExifData.NONE);
        assertThat(ExifData.read(new byte[] {1, 2, 3})).isEqualTo(ExifData.NONE);
    }
}
