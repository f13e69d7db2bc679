package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Renders a kustomize directory with {@code kubectl kustomize}, the way {@code kubectl apply -k} would. */
final class Kustomize {

    /** deploy/kubernetes of this repository (tests run in the module's directory). */
    static final Path DEPLOY = Path.of("..", "deploy", "kubernetes").toAbsolutePath().normalize();

    static final List<String> OVERLAYS = List.of("local", "production");

    private Kustomize() {}

    static Path overlay(String name) {
        return DEPLOY.resolve("overlays").resolve(name);
    }

    /** Every object the overlay renders, in order. */
    static List<JsonNode> render(String overlay) {
        return render(overlay, "kubectl");
    }

    /** Renders with the given kubectl executable (a name looked up on the PATH, or a path). */
    static List<JsonNode> render(String overlay, String kubectl) {
        Path dir = overlay(overlay);
        ProcessBuilder pb = new ProcessBuilder(kubectl, "kustomize", dir.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException(kubectl + " is not on the PATH: install it (on Debian: apt-get install kubernetes-client;"
                    + " .ci/run does) to render " + dir, e);
        }
        try {
            p.getOutputStream().close();
            // kustomize writes little: reading stdout then stderr cannot fill a pipe and block.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed:\n" + err);
            }
            return parse(out);
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            p.destroy();
        }
    }

    /** The documents of a multi-document YAML text. */
    static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode n = docs.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    objects.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    static List<JsonNode> parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
