package com.snapmap.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published /openapi.json as a test oracle: a response must have a status declared for its
 * operation, a declared media type, and a JSON body valid against the declared schema (OpenAPI 3.0
 * dialect, so {@code nullable} counts). A path outside the description, or a method not described
 * for a path, must answer 404 or 405 with the {@code Error} shape. The static map page (GET on a
 * path outside the description that answers 2xx/3xx) is not part of the API contract.
 */
final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final OpenApiContract PUBLISHED = new OpenApiContract("openapi.json");

    private final String resource;
    private final JsonNode spec;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private record Route(String template, Pattern pattern) {}

    private OpenApiContract(String resource) {
        this.resource = resource;
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/" + resource)) {
            spec = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spec.get("paths").fieldNames().forEachRemaining(t -> routes.add(
                new Route(t, Pattern.compile(t.replaceAll("\\{[^/}]+}", "[^/]+")))));
    }

    JsonNode spec() {
        return spec;
    }

    /** The described path template a concrete path falls under. */
    Optional<String> template(String rawPath) {
        return routes.stream().filter(r -> r.pattern.matcher(rawPath).matches()).map(Route::template).findFirst();
    }

    /** Throws an AssertionError naming every way the response breaks the description. */
    void check(HttpResponse<String> r) {
        List<String> problems = problems(r.request().method(), r.request().uri(), r.statusCode(),
                r.headers().firstValue("Content-Type").orElse(null), r.body());
        if (!problems.isEmpty()) {
            throw new AssertionError(r.request().method() + " " + abbreviate(r.request().uri().toString()) + " -> " + r.statusCode()
                    + " breaks /openapi.json: " + problems + "\nbody: " + abbreviate(r.body()));
        }
    }

    List<String> problems(String method, URI uri, int status, String contentType, String body) {
        String rawPath = uri.getRawPath();
        Optional<String> template = template(rawPath);
        JsonNode op = template.map(t -> spec.get("paths").get(t).get(method.toLowerCase(Locale.ROOT))).orElse(null);
        if (op == null) {
            if (template.isEmpty() && method.equals("GET") && status < 400) {
                return List.of(); // the map page and its assets
            }
            int expected = template.isPresent() ? 405 : 404;
            List<String> problems = new ArrayList<>();
            if (status != expected && status != 400 && status != 414 && status != 431) {
                problems.add("undescribed " + (template.isPresent() ? "method" : "path") + " answered " + status
                        + ", expected " + expected);
            }
            problems.addAll(body(componentSchema("Error"), contentType, body, method));
            return problems;
        }
        JsonNode responses = op.get("responses");
        String key = null;
        for (String k : new String[] {Integer.toString(status), status / 100 + "XX", "default"}) {
            if (key == null && responses.has(k)) {
                key = k;
            }
        }
        if (key == null) {
            List<String> declared = new ArrayList<>();
            responses.fieldNames().forEachRemaining(declared::add);
            return List.of("status " + status + " not declared (declared: " + declared + ")");
        }
        JsonNode ref = responses.get(key).get("$ref");
        String pointer = ref != null ? ref.asText().substring(1)
                : "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + key;
        JsonNode content = spec.at(pointer).get("content");
        if (content == null || content.isEmpty()) {
            return body == null || body.isEmpty() || method.equals("HEAD")
                    ? List.of() : List.of("a body where the description declares none");
        }
        String mediaType = mediaType(contentType);
        if (mediaType == null || !content.has(mediaType)) {
            List<String> declared = new ArrayList<>();
            content.fieldNames().forEachRemaining(declared::add);
            return List.of("Content-Type " + contentType + " not declared (declared: " + declared + ")");
        }
        if (!mediaType.equals("application/json")) {
            return List.of();
        }
        return body(schemaAt(pointer + "/content/application~1json/schema"), contentType, body, method);
    }

    private List<String> body(Schema schema, String contentType, String body, String method) {
        if (method.equals("HEAD")) {
            return List.of();
        }
        if (!"application/json".equals(mediaType(contentType))) {
            return List.of("Content-Type " + contentType + " where application/json is declared");
        }
        List<String> problems = new ArrayList<>();
        try {
            JSON.readTree(body);
        } catch (IOException e) {
            return List.of("body is not JSON: " + e.getMessage());
        }
        for (Error e : schema.validate(body, InputFormat.JSON, ctx -> ctx.executionConfig(
                c -> c.formatAssertionsEnabled(true)))) {
            problems.add(e.toString());
        }
        return problems;
    }

    private Schema componentSchema(String name) {
        return schemaAt("/components/schemas/" + name);
    }

    private Schema schemaAt(String pointer) {
        if (spec.at(pointer).isMissingNode()) {
            throw new IllegalStateException("no schema at " + pointer);
        }
        return schemas.computeIfAbsent(pointer, p -> registry.getSchema(
                SchemaLocation.of("classpath:" + resource + "#" + p.replace("{", "%7B").replace("}", "%7D"))));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 400 ? s : s.substring(0, 400) + "...";
    }

    /** Every status the description declares for an operation. */
    List<Integer> declaredStatuses(String template, String method) {
        List<Integer> out = new ArrayList<>();
        for (Iterator<String> it = spec.get("paths").get(template).get(method).get("responses").fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.chars().allMatch(Character::isDigit)) {
                out.add(Integer.parseInt(k));
            }
        }
        return out;
    }
}
