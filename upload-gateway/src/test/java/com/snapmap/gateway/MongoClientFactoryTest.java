package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoClientFactoryTest {

    @Test
    void failsFastByDefault() {
        var s = MongoClientFactory.settings("mongodb://127.0.0.1:27017/snapmap");
        assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
        assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
    }

    @Test
    void theUriOverridesTheDefaults() {
        var s = MongoClientFactory.settings("mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=500&socketTimeoutMS=700");
        assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(500);
        assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(700);
        assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
    }
}
