package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One overlay's rendered objects (rendered once per test run), looked up by kind and name. */
record Manifests(String overlay, List<JsonNode> objects) {

    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    static Manifests of(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> new Manifests(o, Kustomize.render(o)));
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(overlay + " renders no " + kind + "/" + name));
    }

    java.util.Optional<JsonNode> find(String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }
}
