package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void roundTripsAndRefusesForeignCursors() {
        String q = PageCursor.queryOf("events", "0,0,1,1", null);
        PageCursor c = new PageCursor("u05kq", "ev-ü/1");
        assertThat(PageCursor.decode(c.encode(q), q)).isEqualTo(c);
        assertThat(PageCursor.decode(null, q)).isNull();
        assertThat(PageCursor.decode(" ", q)).isNull();
        assertThatThrownBy(() -> PageCursor.decode("%%%", q)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> PageCursor.decode("bm9zZXBhcmF0b3I", q)).isInstanceOf(ApiError.class);
    }

    @Test
    void aCursorOfAnotherQueryIsRefused() {
        String a = PageCursor.queryOf("events", "0,0,1,1", null);
        String b = PageCursor.queryOf("events", "0,0,2,2", null);
        String cursor = new PageCursor("u05kq", "ev-1").encode(a);
        assertThatThrownBy(() -> PageCursor.decode(cursor, b)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.field()).isEqualTo("cursor"));
    }
}
