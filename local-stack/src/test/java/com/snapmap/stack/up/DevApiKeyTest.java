package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevApiKeyTest {

    @Test
    void generatedOnceKeptPrivate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("home/api-key");
        String first = DevApiKey.resolve(null, file);
        assertThat(first).startsWith("dev-").hasSize(52);
        assertThat(DevApiKey.resolve("", file)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theGatewayEntryIsTheKeysHashWithEveryScope() throws Exception {
        String hash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("dev-key".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        String entry = DevApiKey.gatewayEntry("dev-key");

        assertThat(entry.substring(0, entry.indexOf(':'))).isEqualTo(hash);
        assertThat(entry.substring(entry.indexOf(':') + 1).split("\\+")).containsExactlyInAnyOrder("upload", "read", "admin");
    }

    @Test
    void theEnvironmentWins(@TempDir Path dir) {
        assertThat(DevApiKey.resolve(" mine ", dir.resolve("api-key"))).isEqualTo("mine");
        assertThat(dir.resolve("api-key")).doesNotExist();
    }
}
