package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import java.io.InputStream;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every route the app serves is in /openapi.json and every operation there is served; each has an operationId. */
class OpenApiRoutesTest {

    private static JsonNode spec() throws Exception {
        try (InputStream in = GatewayApp.class.getResourceAsStream("/openapi.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void servedRoutesAndDescribedOperationsAreTheSame() throws Exception {
        Javalin app = GatewayApp.create(GatewayConfig.defaults(ApiKeys.parse(ApiKeys.sha256Hex("k") + ":read")),
                null, null, null, Clock.systemUTC());
        Set<String> served = new TreeSet<>();
        for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
            if (e.endpoint.method.isHttpMethod()) {
                served.add(e.endpoint.method.name() + " " + e.endpoint.path);
            }
        }
        Set<String> described = new TreeSet<>();
        Set<String> operationIds = new TreeSet<>();
        JsonNode paths = spec().get("paths");
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(method -> {
            described.add(method.toUpperCase() + " " + path);
            operationIds.add(paths.get(path).get(method).path("operationId").asText(""));
        }));
        assertThat(served).isNotEmpty().isEqualTo(described);
        assertThat(operationIds).doesNotContain("").hasSameSizeAs(described);
    }

    @Test
    void publicOperationsSaySoAndEveryOperationHasA4xxAnswer() throws Exception {
        JsonNode spec = spec();
        assertThat(spec.path("servers").size()).isPositive();
        JsonNode paths = spec.get("paths");
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fields().forEachRemaining(op -> {
            JsonNode security = op.getValue().get("security");
            assertThat(security).as("%s %s declares its security", op.getKey(), path).isNotNull();
            boolean has4xx = false;
            for (var it = op.getValue().get("responses").fieldNames(); it.hasNext(); ) {
                has4xx |= it.next().startsWith("4");
            }
            assertThat(has4xx).as("%s %s has a 4xx response", op.getKey(), path).isTrue();
        }));
    }
}
