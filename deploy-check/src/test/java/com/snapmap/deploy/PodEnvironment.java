package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a container's process sees, resolved from the rendered objects as the kubelet would:
 * {@code envFrom} ConfigMaps and Secrets, then {@code env} (literal values and key references),
 * and {@code $(VAR)} in args. A Secret the overlay does not render (production creates its own)
 * is taken from the local overlay, whose placeholders have the keys the services need.
 */
final class PodEnvironment {

    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private PodEnvironment() {}

    static Map<String, String> of(Manifests m, JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                env.putAll(data(m, "ConfigMap", from.path("configMapRef").path("name").asText()));
            } else {
                env.putAll(data(m, "Secret", from.path("secretRef").path("name").asText()));
            }
        }
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.path("valueFrom");
            String value;
            if (ref.has("configMapKeyRef")) {
                value = data(m, "ConfigMap", ref.path("configMapKeyRef").path("name").asText()).get(ref.path("configMapKeyRef").path("key").asText());
            } else if (ref.has("secretKeyRef")) {
                value = data(m, "Secret", ref.path("secretKeyRef").path("name").asText()).get(ref.path("secretKeyRef").path("key").asText());
            } else {
                value = e.path("value").asText();
            }
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    /** {@code $(VAR)} replaced from env, as Kubernetes expands command and args. */
    static String expand(String arg, Map<String, String> env) {
        Matcher mt = VAR.matcher(arg);
        StringBuilder out = new StringBuilder();
        while (mt.find()) {
            String v = env.get(mt.group(1));
            if (v == null) {
                throw new AssertionError("$(" + mt.group(1) + ") in '" + arg + "' is not in the container's environment " + env.keySet());
            }
            mt.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return mt.appendTail(out).toString();
    }

    /** The data of a ConfigMap or Secret (stringData and decoded data). */
    static Map<String, String> data(Manifests m, String kind, String name) {
        Optional<JsonNode> o = m.find(kind, name);
        if (o.isEmpty() && kind.equals("Secret")) {
            o = Manifests.of("local").find(kind, name);
        }
        JsonNode obj = o.orElseThrow(() -> new AssertionError(m.overlay() + ": " + kind + "/" + name + " is referenced but rendered nowhere"));
        Map<String, String> data = new LinkedHashMap<>();
        obj.path("data").fields().forEachRemaining(f -> data.put(f.getKey(), kind.equals("Secret")
                ? new String(Base64.getDecoder().decode(f.getValue().asText()), StandardCharsets.UTF_8)
                : f.getValue().asText()));
        obj.path("stringData").fields().forEachRemaining(f -> data.put(f.getKey(), f.getValue().asText()));
        return data;
    }
}
