package com.snapmap.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The gateway's REST API as the demo uses it (upload-gateway/README.md), with the bearer API key. */
public final class GatewayClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public GatewayClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.apiKey = apiKey;
    }

    /** {@code POST /v1/photos}, multipart with the image as {@code file}: time and place come from its EXIF. */
    public JsonNode upload(byte[] jpeg, String filename) {
        String boundary = "snapmap-demo-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest req = request("/v1/photos").header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", filename)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return send(req, 201);
    }

    /** {@code GET /v1/photos/{id}}: the photo with its {@code eventId} (null until clustered). */
    public JsonNode photo(String photoId) {
        return send(request("/v1/photos/" + photoId).GET().build(), 200);
    }

    /** {@code GET /v1/events/{id}}: the event, merges followed. */
    public JsonNode event(String eventId) {
        return send(request("/v1/events/" + eventId).GET().build(), 200);
    }

    /** {@code GET /v1/events/{id}}, empty while the job has not written the event document yet (404). */
    public Optional<JsonNode> findEvent(String eventId) {
        HttpRequest req = request("/v1/events/" + eventId).GET().build();
        HttpResponse<String> r = exchange(req);
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(parse(req, r, 200));
    }

    /** {@code GET /v1/events?lat&lon&radiusM&from&to}: the events whose centroid lies near (lat, lon). */
    public JsonNode eventsNear(double lat, double lon, double radiusM, Instant from, Instant to) {
        String q = "?lat=" + lat + "&lon=" + lon + "&radiusM=" + radiusM + "&from=" + enc(from.toString()) + "&to=" + enc(to.toString());
        return send(request("/v1/events" + q).GET().build(), 200).path("events");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey);
    }

    private JsonNode send(HttpRequest req, int expected) {
        return parse(req, exchange(req), expected);
    }

    private static JsonNode parse(HttpRequest req, HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException(req.method() + " " + req.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + req.uri().getPath() + " answered no JSON: " + r.body());
        }
    }

    private HttpResponse<String> exchange(HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + baseUrl + req.uri().getPath() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
