package com.snapmap.stack.up;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When a service just (re)started counts as ready, asked over and over until it is: its log says
 * so, its port accepts, or its health URL answers 200. Liveness for the start only; once ready, a
 * service is watched by its {@link ServiceProbes}.
 */
final class Readiness {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    /** {@code log} has {@code marker} after the offset {@code since} gives (where the log ended at the launch). */
    static BooleanSupplier logSays(Path log, LongSupplier since, String marker) {
        return () -> {
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long from = since.getAsLong();
                if (f.length() <= from) {
                    return false;
                }
                f.seek(from);
                byte[] b = new byte[(int) Math.min(f.length() - from, 1 << 20)];
                f.readFully(b);
                return new String(b, StandardCharsets.UTF_8).contains(marker);
            } catch (IOException e) {
                return false;
            }
        };
    }

    static BooleanSupplier portOpen(int port) {
        return () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 300);
                return true;
            } catch (IOException e) {
                return false;
            }
        };
    }

    static BooleanSupplier httpOk(String url) {
        return () -> {
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return r.statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}
