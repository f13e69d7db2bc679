package com.snapmap.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request line it refuses, a URI or headers over its limits), answered
 * before any route runs, in the gateway's error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        String reason = HttpStatus.getMessage(status);
        String text = message instanceof String m && !m.isBlank() ? reason.toLowerCase() + ": " + m : reason.toLowerCase();
        byte[] body = JSON.createObjectNode().put("error", text).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
