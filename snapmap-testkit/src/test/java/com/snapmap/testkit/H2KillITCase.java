package com.snapmap.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB-wire server on an H2 file, as {@code ./snapmap up} runs it (its own JVM), killed
 * with SIGKILL right after acknowledged writes: restarted on the same file, it has every one.
 */
class H2KillITCase {

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKill() throws Exception {
        Path file = dir.resolve("snapmap.h2");
        int port = FreePorts.next();
        server = startServer(file, port);
        List<String> ids = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> photos = client.getDatabase("snapmap").getCollection("photos");
            for (int i = 0; i < 200; i++) {
                String id = "p" + i;
                photos.insertOne(new Document("_id", id).append("n", i)); // acknowledged (w:1)
                ids.add(id);
            }
            photos.updateOne(new Document("_id", "p0"), new Document("$set", new Document("eventId", "e0")));
            server.destroyForcibly().waitFor(); // kill -9 right after the last acknowledgement
        }
        server = startServer(file, port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            MongoCollection<Document> photos = client.getDatabase("snapmap").getCollection("photos");
            List<String> stored = new ArrayList<>();
            photos.find().forEach(d -> stored.add(d.getString("_id")));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(photos.find(new Document("_id", "p0")).first().getString("eventId")).isEqualTo("e0");
        }
    }

    /** {@code LocalServersMain mongo FILE PORT} in a JVM of its own, on this test's class path. */
    private static Process startServer(Path file, int port) throws IOException {
        Path log = file.resolveSibling("mongo-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), LocalServersMain.class.getName(), "mongo", file.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .failFast("the server exited", () -> !p.isAlive())
                    .until(() -> listens(port));
            return p;
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            p.destroyForcibly();
            throw new IllegalStateException(e.getMessage() + ", port " + port + ": " + Files.readString(log), e);
        }
    }

    private static boolean listens(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
