package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azurite as {@code ./snapmap up} runs it, killed with SIGKILL right after acknowledged uploads:
 * restarted on the same folder, it serves every one of them.
 */
class AzuriteKillITCase {

    /** Where the gateway's build installs Azurite (upload-gateway/package.json pins its version). */
    private static final Path MAIN_JS = Paths.get("../upload-gateway", Azurite.DEFAULT_MAIN_JS);

    @TempDir
    Path dir;

    private final Azurite azurite = new Azurite(MAIN_JS);

    @AfterEach
    void stop() {
        azurite.close();
    }

    @Test
    void everyAcknowledgedBlobSurvivesAKill() throws Exception {
        int port = FreePorts.next();
        azurite.start(dir, port);
        Map<String, String> uploaded = new LinkedHashMap<>();
        BlobContainerClient container = container();
        container.create();
        for (int i = 0; i < 40; i++) {
            String name = "photos/p" + i + ".jpg";
            String body = "bytes of photo " + i;
            container.getBlobClient(name).upload(BinaryData.fromString(body)); // acknowledged: 201
            uploaded.put(name, body);
        }
        azurite.kill(); // right after the last acknowledgement

        azurite.start(dir, port);
        BlobContainerClient again = container();
        Map<String, String> readable = new LinkedHashMap<>();
        uploaded.keySet().forEach(name -> {
            if (again.getBlobClient(name).exists()) {
                readable.put(name, new String(again.getBlobClient(name).downloadContent().toBytes(), StandardCharsets.UTF_8));
            }
        });
        assertThat(readable).containsExactlyEntriesOf(uploaded);
    }

    private BlobContainerClient container() {
        return new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .getBlobContainerClient("photos");
    }
}
