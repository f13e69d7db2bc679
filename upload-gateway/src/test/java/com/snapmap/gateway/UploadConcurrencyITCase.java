package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Concurrent large uploads: at most {@link UploadEndpoint#MAX_CONCURRENT_UPLOADS} hold their image in
 * memory at once, the others answer 503 with Retry-After, so the heap they take is bounded.
 */
class UploadConcurrencyITCase {

    static final String KEY = "uploader";
    static final int MIB = 1024 * 1024;

    @Test
    void eightConcurrentTwentyMebibyteUploadsHoldAtMostTheLimitAndTheRestAre503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inBlobStore = new AtomicInteger();
        BlobStore blocking = new BlobStore() {
            @Override
            public String put(String name, byte[] data, String contentType) throws StoreUnavailableException {
                inBlobStore.incrementAndGet();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new StoreUnavailableException("blob", "test store refuses after holding", null);
            }

            @Override
            public void delete(String name) {}

            @Override
            public String readUrl(String name, Duration ttl) {
                return name;
            }
        };
        GatewayConfig config = GatewayConfig.defaults(ApiKeys.parse(ApiKeys.sha256Hex(KEY) + ":upload"));
        Javalin app = GatewayApp.create(config, blocking, null, e -> {}, Clock.systemUTC()).start("127.0.0.1", 0);
        try {
            Http http = new Http("http://127.0.0.1:" + app.port());
            byte[] image = twentyMebibyteJpeg();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> http.send(
                        http.raw("?takenAt=2024-05-01T12:00:00Z&lat=1&lon=2", KEY, image))));
            }
            int limit = UploadEndpoint.MAX_CONCURRENT_UPLOADS;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> inBlobStore.get() == limit
                    && answers.stream().filter(CompletableFuture::isDone).count() == 8 - limit);
            List<Integer> early = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                if (a.isDone()) {
                    early.add(a.get().statusCode());
                    assertThat(a.get().headers().firstValue("Retry-After")).isPresent();
                }
            }
            long held = memory.getHeapMemoryUsage().getUsed() - before;
            release.countDown();
            List<Integer> all = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                all.add(a.get(30, TimeUnit.SECONDS).statusCode());
            }
            assertThat(early).hasSize(8 - UploadEndpoint.MAX_CONCURRENT_UPLOADS).containsOnly(503);
            assertThat(inBlobStore.get()).isEqualTo(UploadEndpoint.MAX_CONCURRENT_UPLOADS);
            assertThat(all).containsOnly(503);
            System.out.printf("heap growth with %d uploads held: %d MiB%n", UploadEndpoint.MAX_CONCURRENT_UPLOADS, held / MIB);
        } finally {
            app.stop();
        }
    }

    /** A real JPEG padded to just under 20 MiB before its end-of-image marker. */
    static byte[] twentyMebibyteJpeg() {
        byte[] jpeg = TestImages.jpeg(9);
        byte[] big = java.util.Arrays.copyOf(jpeg, 20 * MIB - 1024);
        big[big.length - 2] = (byte) 0xFF;
        big[big.length - 1] = (byte) 0xD9;
        return big;
    }
}
