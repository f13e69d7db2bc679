package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every overlay renders with the kubectl on the PATH and every object in it is valid offline. */
class RenderedOverlaysITCase {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void rendersEveryPart(String overlay) {
        assertThat(Manifests.of(overlay).objects().stream().map(o -> o.path("kind").asText()))
                .contains("FlinkDeployment", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                        "CronJob", "Job", "ConfigMap");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void builtInKindsParseStrictly(String overlay) {
        for (JsonNode o : Manifests.of(overlay).objects()) {
            if (StrictModel.isBuiltIn(o)) {
                assertThat(StrictModel.unknownFields(StrictModel.parse(o))).as(StrictModel.name(o)).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void flinkResourcesMatchTheOperatorsCrds(String overlay) {
        List<JsonNode> custom = Manifests.of(overlay).objects().stream().filter(o -> !StrictModel.isBuiltIn(o)).toList();
        assertThat(custom).isNotEmpty();
        for (JsonNode o : custom) {
            assertThat(OperatorCrds.forObject(o).errors(o)).as(StrictModel.name(o)).isEmpty();
        }
    }
}
