package com.snapmap.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoException;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the gateway's Javalin app from its collaborators; nothing static, nothing global. */
public final class GatewayApp {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);
    private static final String ROUTE = "snapmap.route";
    private static final String START = "snapmap.start";
    private static final String CALLER = "snapmap.caller";
    private static final String ADMIN = "snapmap.admin";
    /** Who may delete: an uploader (its own photos) or an administrator (any). */
    private static final Set<Scope> DELETERS = java.util.EnumSet.of(Scope.UPLOAD, Scope.ADMIN);
    /** Multipart framing and form fields on top of the image itself. */
    private static final long ENVELOPE_BYTES = 64 * 1024;
    /**
     * Largest uploads handled at once: each holds its image in memory (up to the upload limit, plus
     * its copy from the multipart part). Uploads reserve their Content-Length (the limit when it is
     * unknown) from a budget of this many largest requests; one that does not fit answers 503.
     */
    static final int MAX_CONCURRENT_UPLOADS = 4;
    /** Seconds a client should wait after a 503: a backend outage is noticed within about 2 s. */
    static final int RETRY_AFTER_S = 5;

    /**
     * The map page loads scripts, styles and shapes from the gateway only (no CDN, no tiles); images
     * may come from the blob store's host, which is only known at run time.
     */
    static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data: http: https:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final GatewayConfig config;
    private final Metrics metrics;
    private final ObjectMapper mapper = new ObjectMapper();
    private final UploadService uploads;
    private final ReadService reads;
    private final DeleteService deletes;
    private final String openApi;
    /** The upload byte budget, in KiB. */
    private final java.util.concurrent.Semaphore uploadBudget;

    private GatewayApp(GatewayConfig config, BlobStore blobs, PhotoRepository repository,
            UploadPublisher publisher, Clock clock, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.uploads = new UploadService(config, blobs, repository, publisher, clock, metrics, mapper);
        this.reads = new ReadService(config, blobs, repository);
        this.deletes = new DeleteService(blobs, repository, publisher, clock, metrics);
        this.openApi = resource("/openapi.json");
        this.uploadBudget = new java.util.concurrent.Semaphore(MAX_CONCURRENT_UPLOADS * largestUploadKiB());
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

    public static Javalin create(GatewayConfig config, BlobStore blobs, PhotoRepository repository,
            UploadPublisher publisher, Clock clock) {
        return create(config, blobs, repository, publisher, clock, new Metrics());
    }

    public static Javalin create(GatewayConfig config, BlobStore blobs, PhotoRepository repository,
            UploadPublisher publisher, Clock clock, Metrics metrics) {
        GatewayApp app = new GatewayApp(config, blobs, repository, publisher, clock, metrics);
        return Javalin.create(cfg -> {
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = config.maxUploadBytes() + ENVELOPE_BYTES;
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes() + ENVELOPE_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes() + ENVELOPE_BYTES, SizeUnit.BYTES);
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Content-Security-Policy", PAGE_POLICY, "X-Content-Type-Options", "nosniff");
            });
            app.routes(cfg.routes);
        });
    }

    /** What the map page needs before it draws: its tile source, or none (offline shapes only). */
    private Map<String, Object> mapConfig() {
        MapTiles t = config.mapTiles();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tiles", t.enabled() ? Map.of("url", t.urlTemplate(), "attribution", t.attribution()) : null);
        return m;
    }

    private void routes(RoutesConfig r) {
        r.before(ctx -> ctx.attribute(START, System.nanoTime()));
        r.after(ctx -> {
            Long t0 = ctx.attribute(START);
            String route = ctx.attribute(ROUTE);
            metrics.request(ctx.method().name(), route == null ? "unmatched" : route, ctx.statusCode(),
                    t0 == null ? 0 : System.nanoTime() - t0);
        });
        r.post("/v1/photos", route("/v1/photos", Scope.UPLOAD, this::upload));
        r.delete("/v1/photos", anyScopeRoute("/v1/photos", DELETERS,
                ctx -> json(ctx, 200, deletes.deleteUploads(ctx.queryParam("uploader"), ctx.queryParam("limit"), caller(ctx)))));
        r.get("/v1/photos/{id}", route("/v1/photos/{id}", Scope.READ,
                ctx -> json(ctx, 200, reads.photo(ctx.pathParam("id")))));
        r.delete("/v1/photos/{id}", anyScopeRoute("/v1/photos/{id}", DELETERS, ctx -> {
            deletes.delete(ctx.pathParam("id"), caller(ctx));
            ctx.status(204);
        }));
        r.get("/v1/events/{id}", route("/v1/events/{id}", Scope.READ,
                ctx -> json(ctx, 200, reads.event(ctx.pathParam("id")))));
        r.get("/v1/events/{id}/photos", route("/v1/events/{id}/photos", Scope.READ,
                ctx -> json(ctx, 200, reads.eventPhotos(ctx.pathParam("id"), ctx.queryParam("limit"),
                        ctx.queryParam("cursor")))));
        r.get("/v1/events", route("/v1/events", Scope.READ, ctx -> json(ctx, 200, reads.events(
                ctx.queryParam("place"), ctx.queryParam("bbox"), ctx.queryParam("lat"), ctx.queryParam("lon"), ctx.queryParam("radiusM"),
                ctx.queryParam("from"), ctx.queryParam("to"), ctx.queryParam("limit"), ctx.queryParam("cursor")))));
        r.get("/health", route("/health", null, ctx -> json(ctx, 200, Map.of("status", "ok"))));
        r.get("/map-config.json", route("/map-config.json", null, ctx -> json(ctx, 200, mapConfig())));
        r.get("/metrics", route("/metrics", null,
                ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.render())));
        r.get("/openapi.json", route("/openapi.json", null,
                ctx -> ctx.contentType("application/json").result(openApi)));

        r.exception(ApiError.class, (e, ctx) -> {
            if (e.retryAfterS() > 0) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterS()));
            }
            error(ctx, e.status(), e.field(), e.getMessage());
        });
        r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), null,
                e.getStatus() == 404 ? "no such route" : e.getStatus() == 405 ? "method not allowed" : e.getMessage()));
        r.exception(MongoException.class, (e, ctx) -> {
            metrics.failure("mongo");
            LOG.warn("MongoDB failure: {}", e.getMessage());
            error(ctx, 503, null, "database unavailable, retry later");
        });
        r.exception(Exception.class, (e, ctx) -> {
            metrics.failure("internal");
            LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, null, "internal error");
        });
        r.error(404, ctx -> fallbackError(ctx, "no such route"));
        r.error(405, ctx -> fallbackError(ctx, "method not allowed"));
    }

    /** Wraps a handler: names its route for /metrics and checks the bearer key's scope (null = public). */
    private Handler route(String route, Scope scope, Handler handler) {
        return anyScopeRoute(route, scope == null ? null : Set.of(scope), handler);
    }

    /** As {@link #route(String, Scope, Handler)}, the key needing any one of {@code scopes}. */
    private Handler anyScopeRoute(String route, Set<Scope> scopes, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE, route);
            if (scopes != null) {
                authorize(ctx, scopes);
            }
            handler.handle(ctx);
        };
    }

    private static DeleteService.Caller caller(Context ctx) {
        return new DeleteService.Caller(ctx.attribute(CALLER), Boolean.TRUE.equals(ctx.attribute(ADMIN)));
    }

    private void authorize(Context ctx, Set<Scope> needed) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "Authorization", "missing bearer API key");
        }
        String presented = header.substring(7).trim();
        Set<Scope> scopes = config.apiKeys().scopesOf(presented)
                .orElseThrow(() -> new ApiError(401, "Authorization", "unknown API key"));
        if (java.util.Collections.disjoint(scopes, needed)) {
            throw new ApiError(403, "Authorization", "API key lacks the " + needed.stream().sorted()
                    .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining(" or ")) + " scope");
        }
        ctx.attribute(CALLER, ApiKeys.sha256Hex(presented));
        ctx.attribute(ADMIN, scopes.contains(Scope.ADMIN));
    }

    private void upload(Context ctx) throws IOException {
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
                    single(ctx.queryParams("lon"), "lon"), ctx.header("Idempotency-Key"), ctx.attribute(CALLER));
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
        return new UploadRequest(bytes, takenAt, lat, lon, ctx.header("Idempotency-Key"), ctx.attribute(CALLER));
    }

    /** The one value of a field, or null; a field given twice is a 400 naming it (which one counts would be a guess). */
    private static <T> T single(java.util.List<T> values, String field) {
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

    private void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(mapper.writeValueAsString(body));
    }

    private void error(Context ctx, int status, String field, String message) {
        if (status == 503) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_S));
        }
        ObjectNode n = mapper.createObjectNode();
        n.put("error", message);
        if (field != null) {
            n.put("field", field);
        }
        ctx.status(status).contentType("application/json").result(n.toString());
    }

    private void fallbackError(Context ctx, String message) {
        String ct = ctx.res().getContentType();
        if (ct == null || !ct.startsWith("application/json")) {
            error(ctx, ctx.statusCode(), null, message);
        }
    }

    private static String resource(String name) {
        try (InputStream in = GatewayApp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
