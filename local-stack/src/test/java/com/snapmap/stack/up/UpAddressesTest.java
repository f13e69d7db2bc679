package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpAddressesTest {

    private final UpAddresses at = new UpAddresses(new UpPorts(18080, 19092, 19093, 37017, 20000, 18081, 16123));

    @Test
    void upEnvReadsBackAsTheAddressesItWasWrittenFrom(@TempDir Path dir) throws Exception {
        UpEnv env = UpEnv.read(Files.writeString(dir.resolve("up.env"), at.upEnv("k")));

        assertThat(env.get("GATEWAY_URL")).isEqualTo("http://127.0.0.1:18080");
        assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("127.0.0.1:19092");
        assertThat(env.get("MONGO_URI")).isEqualTo("mongodb://127.0.0.1:37017");
        assertThat(env.get("FLINK_REST")).isEqualTo("http://127.0.0.1:18081");
        assertThat(env.get("SNAPMAP_API_KEY")).isEqualTo("k");
        assertThat(env.get("AZURE_STORAGE_CONNECTION_STRING")).isEqualTo(at.azureConnectionString());
    }

    @Test
    void theBlobEndpointIsAzuritesAccountOnItsPort() {
        assertThat(at.azureConnectionString()).contains(";BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;");
    }
}
