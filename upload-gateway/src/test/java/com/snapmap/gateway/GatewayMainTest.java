package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayMainTest {

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("GATEWAY_API_KEYS", ApiKeys.sha256Hex("k") + ":upload");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsFitTheLocalStack() {
        GatewayMain.Settings s = new GatewayMain(env()).settings();
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.mongoDatabase()).isEqualTo("snapmap");
        assertThat(s.kafkaTopic()).isEqualTo("photo-uploads");
        assertThat(s.container()).isEqualTo("photos");
        assertThat(s.gateway().maxUploadBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_UPLOAD_BYTES);
    }

    @Test
    void errorsNameTheVariable() {
        assertThatThrownBy(() -> new GatewayMain(new HashMap<>()).settings()).hasMessageStartingWith("GATEWAY_API_KEYS");
        assertThatThrownBy(() -> new GatewayMain(env("GATEWAY_PORT", "70000")).settings()).hasMessageStartingWith("GATEWAY_PORT");
        assertThatThrownBy(() -> new GatewayMain(env("GATEWAY_MAX_UPLOAD_BYTES", "-1")).settings())
                .hasMessageStartingWith("GATEWAY_MAX_UPLOAD_BYTES");
        assertThatThrownBy(() -> new GatewayMain(env("MONGO_URI", "http://x")).settings()).hasMessageStartingWith("MONGO_URI");
        assertThatThrownBy(() -> new GatewayMain(env("AZURE_STORAGE_CONTAINER", "Bad_Name")).settings())
                .hasMessageStartingWith("AZURE_STORAGE_CONTAINER");
    }
}
