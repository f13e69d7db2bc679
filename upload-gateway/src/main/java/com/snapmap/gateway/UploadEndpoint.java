package com.snapmap.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * {@code POST /v1/photos} on the HTTP side: admits an upload within the byte budget (503 when it
 * does not fit), bounds and reads its body (a multipart form, or the raw image with query
 * parameters) into an {@link UploadRequest}, and hands it to the {@link UploadService}.
 */
final class UploadEndpoint {

    /** Multipart framing and form fields on top of the image itself. */
    static final long ENVELOPE_BYTES = 64 * 1024;
    /**
     * Largest uploads handled at once: each holds its image in memory (up to the upload limit, plus
     * its copy from the multipart part). Uploads reserve their Content-Length (the limit when it is
     * unknown) from a budget of this many largest requests; one that does not fit answers 503.
     */
    static final int MAX_CONCURRENT_UPLOADS = 4;

    private final GatewayConfig config;
    private final Metrics metrics;
    private final UploadService uploads;
    /** The upload byte budget, in KiB. */
    private final Semaphore uploadBudget;

    UploadEndpoint(GatewayConfig config, Metrics metrics, UploadService uploads) {
        this.config = config;
        this.metrics = metrics;
        this.uploads = uploads;
        this.uploadBudget = new Semaphore(MAX_CONCURRENT_UPLOADS * largestUploadKiB());
    }

    private int largestUploadKiB() {
        return (int) Math.min(Integer.MAX_VALUE / MAX_CONCURRENT_UPLOADS, (config.maxUploadBytes() + ENVELOPE_BYTES + 1023) / 1024);
    }

    /** KiB an upload reserves: its declared length, or the largest allowed when absent or unreadable. */
    private int reservationKiB(Context ctx) {
        try {
            long length = Long.parseLong(String.valueOf(ctx.header("Content-Length")).trim());
            return (int) Math.max(1, Math.min(largestUploadKiB(), (length + 1023) / 1024));
        } catch (NumberFormatException e) {
            return largestUploadKiB();
        }
    }

    void upload(Context ctx) throws IOException {
        int kib = reservationKiB(ctx);
        if (!uploadBudget.tryAcquire(kib)) {
            metrics.failure("busy");
            discardBody(ctx);
            throw new ApiError(503, null, "too many uploads in progress, retry later");
        }
        try {
            boundedUpload(ctx);
        } finally {
            uploadBudget.release(kib);
        }
    }

    /**
     * Reads a refused upload's body into one small buffer and drops it: answered with its body
     * unread, the connection is closed while the client still sends, and the reset loses the
     * answer (the client sees a broken connection instead of the 503 and its Retry-After).
     */
    private void discardBody(Context ctx) throws IOException {
        byte[] sink = new byte[64 * 1024];
        long left = config.maxUploadBytes() + ENVELOPE_BYTES;
        InputStream in = ctx.req().getInputStream();
        for (int n; left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
            left -= n;
        }
    }

    private void boundedUpload(Context ctx) throws IOException {
        String length = ctx.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.maxUploadBytes() + ENVELOPE_BYTES) {
                    throw new ApiError(413, "file", "request exceeds " + config.maxUploadBytes() + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "Content-Length", "not a number");
            }
        }
        UploadRequest req;
        if (ctx.isMultipartFormData()) {
            req = multipart(ctx);
        } else {
            byte[] body;
            try (InputStream in = ctx.req().getInputStream()) {
                body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxUploadBytes() + 1));
            }
            req = new UploadRequest(body, single(ctx.queryParams("takenAt"), "takenAt"), single(ctx.queryParams("lat"), "lat"),
                    single(ctx.queryParams("lon"), "lon"), ctx.header("Idempotency-Key"), ctx.attribute(GatewayApp.CALLER));
        }
        UploadService.Result result = uploads.upload(req);
        ctx.status(result.status()).contentType("application/json").result(result.json());
    }

    private UploadRequest multipart(Context ctx) {
        io.javalin.http.UploadedFile file;
        String takenAt;
        String lat;
        String lon;
        try {
            file = single(ctx.uploadedFiles("file"), "file");
            takenAt = single(ctx.formParams("takenAt"), "takenAt");
            lat = single(ctx.formParams("lat"), "lat");
            lon = single(ctx.formParams("lon"), "lon");
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) { // Jetty throws ServletException undeclared through Kotlin
            if (tooLarge(e)) {
                throw new ApiError(413, "file", "image exceeds " + config.maxUploadBytes() + " bytes");
            }
            throw new ApiError(400, "file", "malformed multipart body");
        }
        if (file == null) {
            throw new ApiError(400, "file", "multipart part 'file' missing");
        }
        if (file.size() > config.maxUploadBytes()) {
            throw new ApiError(413, "file", "image exceeds " + config.maxUploadBytes() + " bytes");
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UploadRequest(bytes, takenAt, lat, lon, ctx.header("Idempotency-Key"), ctx.attribute(GatewayApp.CALLER));
    }

    /** The one value of a field, or null; a field given twice is a 400 naming it (which one counts would be a guess). */
    private static <T> T single(List<T> values, String field) {
        if (values.size() > 1) {
            throw new ApiError(400, field, "given " + values.size() + " times, expected once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase();
            if (m.contains("413") || m.contains("too large") || m.contains("exceeds")) {
                return true;
            }
        }
        return false;
    }
}
