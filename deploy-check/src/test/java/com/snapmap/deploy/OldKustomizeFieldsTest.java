package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every kustomization keeps to what the kustomize inside kubectl 1.20 (Debian's kubernetes-client,
 * kustomize 2.0.3) reads, so a fresh Debian machine renders what this one does: its fields only,
 * directories under {@code bases} (its {@code resources} takes files), patches as files.
 */
class OldKustomizeFieldsTest {

    static final Set<String> OLD_FIELDS = Set.of("apiVersion", "kind", "namespace", "namePrefix", "commonLabels",
            "commonAnnotations", "resources", "bases", "patchesStrategicMerge", "patchesJson6902", "configMapGenerator",
            "secretGenerator", "generatorOptions", "images", "vars", "crds");

    @Test
    void kustomizationsUseOnlyFieldsKubectl120Knows() throws IOException {
        for (Path k : kustomizations()) {
            Kustomize.parse(k).get(0).fieldNames().forEachRemaining(f -> assertThat(OLD_FIELDS).as(k + ": " + f).contains(f));
        }
    }

    @Test
    void resourcesAndPatchesAreFilesAndBasesAreDirectories() throws IOException {
        for (Path k : kustomizations()) {
            JsonNode kz = Kustomize.parse(k).get(0);
            Path dir = k.getParent();
            kz.path("resources").forEach(r -> assertThat(dir.resolve(r.asText())).as(k + ": resources").isRegularFile());
            kz.path("patchesStrategicMerge").forEach(r -> assertThat(dir.resolve(r.asText())).as(k + ": patchesStrategicMerge").isRegularFile());
            kz.path("patchesJson6902").forEach(p -> assertThat(dir.resolve(p.path("path").asText())).as(k + ": patchesJson6902 path").isRegularFile());
            kz.path("bases").forEach(b -> assertThat(dir.resolve(b.asText())).as(k + ": bases").isDirectory());
        }
    }

    private static List<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(Kustomize.DEPLOY)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
            assertThat(found).hasSize(1 + Kustomize.OVERLAYS.size());
            return found;
        }
    }
}
