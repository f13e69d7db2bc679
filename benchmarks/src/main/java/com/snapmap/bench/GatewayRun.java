package com.snapmap.bench;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.snapmap.testkit.Azurite;
import com.snapmap.testkit.FreePorts;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * Gateway upload latency at a fixed rate with ~200 KB JPEGs, next to a bare blob put of the same
 * bytes to the same Azurite from this process. The gateway runs as its own JVM (as in production,
 * and because its slf4j 2 must stay out of a Flink JVM), against Azurite, Kafka and MongoDB.
 */
public final class GatewayRun {

    /** p50 and p99 of both, in ms. */
    public static final class Outcome {
        public final Percentiles gatewayMs;
        public final Percentiles barePutMs;
        public final int imageBytes;
        public final int failures;

        Outcome(Percentiles gatewayMs, Percentiles barePutMs, int imageBytes, int failures) {
            this.gatewayMs = gatewayMs;
            this.barePutMs = barePutMs;
            this.imageBytes = imageBytes;
            this.failures = failures;
        }
    }

    private GatewayRun() {}

    public static Outcome run(Path gatewayClasspath, Path azuriteMainJs, String kafka, String mongoUri, int uploads,
            double ratePerSecond) throws Exception {
        byte[] jpeg = jpeg(200_000);
        try (Azurite azurite = new Azurite(azuriteMainJs).start()) {
            int port = FreePorts.next();
            String key = "bench-key";
            ProcessBuilder pb = new ProcessBuilder("java", "-cp", Files.readString(gatewayClasspath).trim(),
                    "com.snapmap.gateway.GatewayMain").redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("gateway-", ".log").toFile());
            Map<String, String> env = pb.environment();
            env.put("GATEWAY_API_KEYS", sha256Hex(key) + ":upload");
            env.put("GATEWAY_HOST", "127.0.0.1");
            env.put("GATEWAY_PORT", Integer.toString(port));
            env.put("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
            env.put("MONGO_URI", mongoUri + "/gateway");
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            Process gateway = pb.start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String base = "http://127.0.0.1:" + port;
                awaitHealthy(http, base, gateway);
                AtomicInteger failures = new AtomicInteger();
                IntConsumer upload = i -> {
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
                                        + "/v1/photos?takenAt=2024-05-01T12:00:00Z&lat=45.76&lon=4.835"))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "image/jpeg")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                    }
                };
                BlobContainerClient container = new BlobServiceClientBuilder().connectionString(azurite.connectionString())
                        .buildClient().getBlobContainerClient("bare-puts");
                container.createIfNotExists();
                IntConsumer put = i -> container.getBlobClient("bare-" + i).upload(BinaryData.fromBytes(jpeg), true);
                int warmUp = Math.min(20, uploads);
                timed(upload, warmUp, ratePerSecond);
                timed(put, warmUp, ratePerSecond);
                failures.set(0);
                Percentiles g = timed(upload, uploads, ratePerSecond);
                Percentiles b = timed(put, uploads, ratePerSecond);
                return new Outcome(g, b, jpeg.length, failures.get());
            } finally {
                gateway.destroy();
                gateway.waitFor();
            }
        }
    }

    /** Calls {@code call} {@code n} times at a fixed rate (open loop: a slow call does not delay the next). */
    static Percentiles timed(IntConsumer call, int n, double ratePerSecond) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Long>> millis = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = t0 + (long) (i * 1e9 / ratePerSecond);
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                int k = i;
                millis.add(pool.submit(() -> {
                    long s = System.nanoTime();
                    call.accept(k);
                    return (System.nanoTime() - s) / 1_000_000;
                }));
            }
            List<Long> out = new ArrayList<>();
            for (Future<Long> f : millis) {
                out.add(f.get());
            }
            return new Percentiles(out);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitHealthy(HttpClient http, String base, Process gateway) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!gateway.isAlive()) {
                throw new IllegalStateException("the gateway exited with " + gateway.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                LockSupport.parkNanos(100_000_000L); // poll until it listens
            }
        }
        throw new IllegalStateException("the gateway did not become healthy in 60 s");
    }

    /** A noisy JPEG of about {@code bytes} (noise barely compresses, so the size follows the area). */
    static byte[] jpeg(int bytes) throws IOException {
        Random rnd = new Random(42);
        int side = 64;
        byte[] out = new byte[0];
        while (out.length < bytes) {
            side += 32;
            BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    img.setRGB(x, y, rnd.nextInt(0x1000000));
                }
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", b);
            out = b.toByteArray();
        }
        return out;
    }

    static String sha256Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
