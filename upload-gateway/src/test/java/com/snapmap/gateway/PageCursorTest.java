package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void roundTripsAndRefusesForeignCursors() {
        PageCursor c = new PageCursor("u05kq", "ev-ü/1");
        assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
        assertThat(PageCursor.decode(null)).isNull();
        assertThat(PageCursor.decode(" ")).isNull();
        assertThatThrownBy(() -> PageCursor.decode("%%%")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> PageCursor.decode("bm9zZXBhcmF0b3I")).isInstanceOf(ApiError.class);
    }
}
