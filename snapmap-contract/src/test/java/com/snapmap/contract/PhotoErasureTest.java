package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhotoErasureTest {

    private final PhotoErasure erasure = new PhotoErasure("p-1", 1_714_564_800_000L, 45.764043, 4.835659, 1_800_000_000_000L);

    @Test
    void headersReadBackToTheSameErasure() {
        Map<String, byte[]> h = erasure.headers();
        assertThat(PhotoErasure.fromHeaders("p-1", h::get)).isEqualTo(erasure);
    }

    @Test
    void aMissingHeaderIsNamed() {
        Map<String, byte[]> h = new HashMap<>(erasure.headers());
        h.remove(PhotoErasure.LAT);
        assertThatThrownBy(() -> PhotoErasure.fromHeaders("p-1", h::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PhotoErasure.LAT);
    }

    @Test
    void aHeaderThatIsNotANumberIsNamed() {
        Map<String, byte[]> h = new HashMap<>(erasure.headers());
        h.put(PhotoErasure.TAKEN_AT, "soon".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PhotoErasure.fromHeaders("p-1", h::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PhotoErasure.TAKEN_AT);
    }

    @Test
    void aLocationOffTheGlobeIsRefused() {
        assertThatThrownBy(() -> new PhotoErasure("p-1", 0, 91, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anErasureNeedsItsPhotoId() {
        assertThatThrownBy(() -> new PhotoErasure("", 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
