package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpEnvTest {

    @TempDir
    Path dir;

    @Test
    void readsEachKeyAndDropsTheShellQuotes() throws Exception {
        Path f = Files.writeString(dir.resolve("up.env"), "GATEWAY_URL=http://127.0.0.1:8080\n\n"
                + "AZURE_STORAGE_CONNECTION_STRING='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1'\n");
        UpEnv env = UpEnv.read(f);
        assertThat(env.get("GATEWAY_URL")).isEqualTo("http://127.0.0.1:8080");
        assertThat(env.get("AZURE_STORAGE_CONNECTION_STRING")).isEqualTo("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1");
        assertThat(env.keys()).containsExactly("GATEWAY_URL", "AZURE_STORAGE_CONNECTION_STRING");
    }

    @Test
    void aMissingFileSaysToRunUp() {
        assertThatThrownBy(() -> UpEnv.read(dir.resolve("up.env")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("up.env").toString()).hasMessageContaining("run ./snapmap up first");
    }

    @Test
    void aLineThatIsNotKeyValueIsNamedByNumber() throws Exception {
        Path f = Files.writeString(dir.resolve("up.env"), "GATEWAY_URL=http://127.0.0.1:8080\nhalf a line\n");
        assertThatThrownBy(() -> UpEnv.read(f))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(f + " line 2 is not KEY=value: 'half a line'");
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        UpEnv env = UpEnv.read(Files.writeString(dir.resolve("up.env"), "GATEWAY_URL=http://127.0.0.1:8080\n"));
        assertThatThrownBy(() -> env.get("MONGO_URI"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("up.env") + " has no MONGO_URI");
    }
}
