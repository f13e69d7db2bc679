package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSnifferTest {

    @Test
    void recognisesTheFourFormatsByMagicBytes() {
        assertThat(ImageSniffer.contentType(TestImages.jpeg(1))).contains("image/jpeg");
        assertThat(ImageSniffer.contentType(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0}))
                .contains("image/png");
        assertThat(ImageSniffer.contentType("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("image/webp");
        assertThat(ImageSniffer.contentType("\0\0\0\u0018ftypheic\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("image/heic");
        assertThat(ImageSniffer.contentType("\0\0\0\u0018ftypmif1\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1)))
                .contains("image/heif");
    }

    @Test
    void refusesTextAndVideo() {
        assertThat(ImageSniffer.contentType("hello, I am a JPEG".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(ImageSniffer.contentType("\0\0\0\u0018ftypisom\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(ImageSniffer.contentType(new byte[0])).isEmpty();
    }

    @Test
    void truncatedJpegHasNoEndMarker() {
        byte[] full = TestImages.jpeg(2);
        assertThat(ImageSniffer.isCompleteJpeg(full)).isTrue();
        assertThat(ImageSniffer.isCompleteJpeg(Arrays.copyOf(full, full.length + 3))).isTrue();
        assertThat(ImageSniffer.isCompleteJpeg(Arrays.copyOf(full, full.length / 2))).isFalse();
    }
}
