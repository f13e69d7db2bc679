package com.snapmap.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.snapmap.demo.ExifJpeg;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One upload as a careful client makes it: a real JPEG with EXIF, the place and time also as form
 * fields, one {@code Idempotency-Key} for all its attempts, retried by the {@link RetryPolicy}.
 */
final class RetryingUploader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String gatewayUrl;
    private final String apiKey;
    private final RetryPolicy policy;
    private final UploadLedger ledger;

    RetryingUploader(String gatewayUrl, String apiKey, RetryPolicy policy, UploadLedger ledger) {
        this.gatewayUrl = gatewayUrl;
        this.apiKey = apiKey;
        this.policy = policy;
        this.ledger = ledger;
    }

    void upload(PlannedPhoto p) {
        byte[] jpeg = ExifJpeg.of(p.lat(), p.lon(), p.takenAt(), (p.key().hashCode() & 0xFF) / 255f);
        HttpRequest req = request(p, jpeg);
        long start = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            String failure;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (RetryPolicy.acknowledged(r.statusCode())) {
                    ledger.acknowledged(new Acknowledged(p, JSON.readTree(r.body()).path("photoId").asText(), sha256(jpeg)));
                    return;
                }
                failure = "HTTP " + r.statusCode() + " " + r.body();
                if (!RetryPolicy.retryable(r.statusCode())) {
                    ledger.gaveUp(p, failure);
                    return;
                }
                retryAfter = r.headers().firstValue("Retry-After").flatMap(RetryingUploader::seconds);
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ledger.gaveUp(p, "interrupted");
                return;
            }
            Duration wait = policy.backoff(attempt, retryAfter, ThreadLocalRandom.current().nextDouble());
            if (policy.givesUp(Duration.ofNanos(System.nanoTime() - start), wait)) {
                ledger.gaveUp(p, "after " + attempt + " attempts: " + failure);
                return;
            }
            ledger.retried();
            LockSupport.parkNanos(wait.toNanos());
        }
    }

    private HttpRequest request(PlannedPhoto p, byte[] jpeg) {
        String boundary = "snapmap-chaos-" + p.key();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "takenAt", p.takenAt().toString());
        field(body, boundary, "lat", Double.toString(p.lat()));
        field(body, boundary, "lon", Double.toString(p.lon()));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + p.key()
                + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/photos")).timeout(Duration.ofSeconds(40))
                .header("Authorization", "Bearer " + apiKey).header("Idempotency-Key", p.key())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
