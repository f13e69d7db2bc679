package com.snapmap.gateway;

import static com.snapmap.gateway.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deletes the gateway refuses before it reads any store: in process over loopback HTTP, with
 * no collaborators at all (a request that got past these checks would fail on them), every answer
 * checked against /openapi.json.
 */
class DeleteRequestsTest {

    static final String UPLOADER = "uploader-secret";
    static final String READER = "reader-secret";
    static final String PHOTO = "/v1/photos/0b6f4c1e-8d7a-4f43-9a39-2f1f7b8f5a10";

    static Javalin app;
    static Http http;

    @BeforeAll
    static void start() {
        GatewayConfig config = GatewayConfig.defaults(ApiKeys.parse(
                ApiKeys.sha256Hex(UPLOADER) + ":upload+read," + ApiKeys.sha256Hex(READER) + ":read"));
        app = GatewayApp.create(config, null, null, null, Clock.systemUTC()).start("127.0.0.1", 0);
        http = new Http("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    static HttpResponse<String> delete(String pathAndQuery, String key) {
        return http.send(http.request(pathAndQuery, key).DELETE().build());
    }

    @Test
    void aDeleteWithoutAKeyIs401() {
        HttpResponse<String> r = delete(PHOTO, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    @Test
    void aKeyWithoutTheUploadOrAdminScopeIs403() {
        HttpResponse<String> r = delete(PHOTO, READER);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("error").asText()).isEqualTo("API key lacks the upload or admin scope");
    }

    @Test
    void anIdThatIsNoPhotoIdIs400NamingIt() {
        HttpResponse<String> r = delete("/v1/photos/not-a-photo", UPLOADER);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("id");
        assertThat(json(r).get("error").asText()).contains("'not-a-photo' is not a photo id");
    }

    @Test
    void aBulkDeleteNeedsItsUploader() {
        HttpResponse<String> r = delete("/v1/photos", UPLOADER);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("uploader");
    }

    @Test
    void aBulkDeleteOfAnotherUploaderNeedsTheAdminScope() {
        HttpResponse<String> r = delete("/v1/photos?uploader=" + ApiKeys.sha256Hex(READER), UPLOADER);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("field").asText()).isEqualTo("uploader");
    }

    @Test
    void aBulkDeleteNamingNoKeyHashIs400() {
        HttpResponse<String> r = delete("/v1/photos?uploader=someone", UPLOADER);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("uploader");
    }

    @Test
    void aBulkDeleteLimitOutsideItsRangeIs400() {
        HttpResponse<String> r = delete("/v1/photos?uploader=me&limit=" + (DeleteService.MAX_BATCH + 1), UPLOADER);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("field").asText()).isEqualTo("limit");
    }
}
