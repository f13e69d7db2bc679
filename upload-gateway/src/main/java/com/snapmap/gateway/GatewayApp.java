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
    /** The hash of the caller's API key, set once it is authorized. */
    static final String CALLER = "snapmap.caller";
    private static final String ADMIN = "snapmap.admin";
    /** Who may delete: an uploader (its own photos) or an administrator (any). */
    private static final Set<Scope> DELETERS = java.util.EnumSet.of(Scope.UPLOAD, Scope.ADMIN);
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
    private final UploadEndpoint uploads;
    private final ReadService reads;
    private final DeleteService deletes;
    private final String openApi;

    private GatewayApp(GatewayConfig config, BlobStore blobs, PhotoRepository repository,
            UploadPublisher publisher, Clock clock, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.uploads = new UploadEndpoint(config, metrics, new UploadService(config, blobs, repository, publisher, clock, metrics, mapper));
        this.reads = new ReadService(config, blobs, repository);
        this.deletes = new DeleteService(blobs, repository, publisher, clock, metrics);
        this.openApi = resource("/openapi.json");
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
            cfg.http.maxRequestSize = config.maxUploadBytes() + UploadEndpoint.ENVELOPE_BYTES;
            cfg.jetty.multipartConfig.maxFileSize(config.maxUploadBytes() + UploadEndpoint.ENVELOPE_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes() + UploadEndpoint.ENVELOPE_BYTES, SizeUnit.BYTES);
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
        r.post("/v1/photos", route("/v1/photos", Scope.UPLOAD, uploads::upload));
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
