package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        GatewayMain.Settings s = GatewayMain.settings(env());
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.mongoDatabase()).isEqualTo("snapmap");
        assertThat(s.kafkaTopic()).isEqualTo("photo-uploads");
        assertThat(s.container()).isEqualTo("photos");
        assertThat(s.gateway().maxUploadBytes()).isEqualTo(GatewayConfig.DEFAULT_MAX_UPLOAD_BYTES);
        assertThat(s.idempotencyTtl()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(s.gateway().mapTiles()).isEqualTo(MapTiles.OPENSTREETMAP);
    }

    @Test
    void tilesAreASelfHostedTemplateOrOff() {
        assertThat(GatewayMain.settings(env("GATEWAY_MAP_TILE_URL", "https://tiles.example.org/osm/{z}/{x}/{y}.png",
                "GATEWAY_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")).gateway().mapTiles())
                .isEqualTo(new MapTiles("https://tiles.example.org/osm/{z}/{x}/{y}.png", "© OpenStreetMap contributors"));
        assertThat(GatewayMain.settings(env("GATEWAY_MAP_TILE_URL", "off")).gateway().mapTiles()).isEqualTo(MapTiles.OFF);
    }

    @Test
    void aTileSourceWithoutPlaceholdersOrAttributionIsRefusedAtStart() {
        assertThatThrownBy(() -> GatewayMain.settings(env("GATEWAY_MAP_TILE_URL", "https://tiles.example.org/tile.png")))
                .hasMessageStartingWith("GATEWAY_MAP_TILE_URL (--map.tile-url)").hasMessageContaining("no {z}");
        assertThatThrownBy(() -> GatewayMain.settings(env("GATEWAY_MAP_TILE_URL", "ftp://tiles.example.org/{z}/{x}/{y}.png")))
                .hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> GatewayMain.settings(env(), "--map.tile-url", "https://tiles.example.org/{z}/{x}/{y}.png",
                "--map.tile-attribution", " ")).hasMessageContaining("attribution");
    }

    @Test
    void flagsOverrideTheEnvironmentAndHelpListsBoth() {
        GatewayMain.Settings s = GatewayMain.settings(env("GATEWAY_PORT", "9000"), "--port", "9100", "--idempotency-ttl-s", "60");
        assertThat(s.port()).isEqualTo(9100);
        assertThat(s.idempotencyTtl()).isEqualTo(java.time.Duration.ofSeconds(60));
        String help = GatewayMain.commandLine(new GatewayMain(Map.of())).getUsageMessage();
        assertThat(help).contains("--port", "[GATEWAY_PORT]", "default: 8080", "--idempotency-ttl-s", "default: 86400");
        assertThatThrownBy(() -> GatewayMain.settings(env(), "--no-such-flag", "1")).hasMessageContaining("--no-such-flag");
    }

    @Test
    void errorsNameTheVariable() {
        assertThatThrownBy(() -> GatewayMain.settings(new HashMap<>())).hasMessageStartingWith("GATEWAY_API_KEYS");
        assertThatThrownBy(() -> GatewayMain.settings(env("GATEWAY_PORT", "70000"))).hasMessageStartingWith("GATEWAY_PORT (--port)");
        assertThatThrownBy(() -> GatewayMain.settings(env("GATEWAY_MAX_UPLOAD_BYTES", "-1")))
                .hasMessageStartingWith("GATEWAY_MAX_UPLOAD_BYTES");
        assertThatThrownBy(() -> GatewayMain.settings(env("MONGO_URI", "http://x"))).hasMessageStartingWith("MONGO_URI");
        assertThatThrownBy(() -> GatewayMain.settings(env("AZURE_STORAGE_CONTAINER", "Bad_Name")))
                .hasMessageStartingWith("AZURE_STORAGE_CONTAINER");
    }

    /** The stderr of a launch that must fail before anything connects, after checking its exit code is 2. */
    private static String failedLaunch(Map<String, String> env, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(GatewayMain.launch(env, new PrintStream(err, true, StandardCharsets.UTF_8), args)).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void aBadFlagIsOneLineNamingItAndTheVerbsHelp() {
        assertThat(failedLaunch(env(), "--bogus")).isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap gateway --help)");
    }

    @Test
    void aBadSettingIsOneLineNamingTheVariableAndTheFlag() {
        assertThat(failedLaunch(env("GATEWAY_PORT", "70000"))).doesNotContain("\n").startsWith("snapmap: GATEWAY_PORT (--port)")
                .endsWith("(try ./snapmap gateway --help)");
    }
}
