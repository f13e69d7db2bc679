package com.snapmap.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Real HTTP against the running gateway (java.net.http); every response is checked against /openapi.json. */
final class Http {

    static final String BOUNDARY = "snapmap-test-boundary";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    Http(String base) {
        this.base = base;
    }

    HttpRequest.Builder request(String pathAndQuery, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        return b;
    }

    HttpRequest raw(String query, String apiKey, byte[] body) {
        return request("/v1/photos" + query, apiKey)
                .header("Content-Type", "image/jpeg")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    HttpRequest multipart(String apiKey, byte[] file, Map<String, String> fields) {
        return request("/v1/photos", apiKey)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipartBody(file, fields)))
                .build();
    }

    static byte[] multipartBody(byte[] file, Map<String, String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Map.Entry<String, String> f : fields.entrySet()) {
                out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
                        + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(file);
            out.write(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Sends the request; the response must keep to the published /openapi.json (see {@link OpenApiContract}). */
    HttpResponse<String> send(HttpRequest request) {
        HttpResponse<String> r = sendUnchecked(request);
        OpenApiContract.PUBLISHED.check(r);
        return r;
    }

    /** Sends the request without checking the response against the description. */
    HttpResponse<String> sendUnchecked(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response's body as JSON; a body that is not JSON fails the test with the body in the message. */
    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    HttpResponse<byte[]> getBytes(String absoluteUrl) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(absoluteUrl)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
