package com.snapmap.stack;

import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * How {@link FlinkRestClient} talks to the Flink REST API: JSON requests and a multipart file
 * upload over the JDK HTTP client, each answer parsed to JSON, and every failure (no server,
 * an HTTP error with Flink's server-side stack trace) turned into a one-line {@link FlinkRestException}.
 */
final class FlinkRestTransport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    FlinkRestTransport(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code method path} with {@code body} as JSON (none if null); the answer as JSON. */
    JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return send(b.build(), method + " " + path);
    }

    /** POSTs {@code file} as the multipart/form-data field {@code field}; the answer as JSON. */
    JsonNode postFile(String path, String field, Path file, String contentType, Duration timeout) {
        String boundary = "----snapmap" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: " + contentType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body;
        try {
            body = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FlinkRestException("cannot read " + file + ": " + e.getMessage());
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, body, tail)))
                .build();
        return send(req, path);
    }

    private JsonNode send(HttpRequest req, String what) {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new FlinkRestException("no Flink REST API at " + baseUrl + " (is the cluster running?)");
        } catch (IOException e) {
            throw new FlinkRestException(what + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException(what + " interrupted");
        }
        JsonNode json;
        try {
            json = resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
        } catch (IOException e) {
            json = JSON.createObjectNode().put("raw", resp.body());
        }
        if (resp.statusCode() >= 300) {
            JsonNode errors = json.path("errors");
            StringBuilder msg = new StringBuilder();
            errors.forEach(e -> msg.append(e.asText()).append('\n'));
            if (msg.length() == 0) {
                msg.append(resp.body());
            }
            throw new FlinkRestException(what + " -> HTTP " + resp.statusCode() + ": " + summary(msg.toString()));
        }
        return json;
    }

    /** First line of a server-side stack trace plus its innermost "Caused by:", on one line. */
    static String summary(String s) {
        String first = firstLine(s);
        String root = null;
        for (String line : s.split("\n")) {
            if (line.strip().startsWith("Caused by:")) {
                root = line.strip();
            }
        }
        return root == null || first.contains(root) ? first : first + " / " + root;
    }

    static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
