package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The Flink Kubernetes Operator 1.15's custom resources we use, by kind (schemas of v1beta1). */
final class OperatorCrds {

    static final CrdSchema FLINK_DEPLOYMENT = CrdSchema.load("flinkdeployments.flink.apache.org-v1.yml", "v1beta1");
    static final CrdSchema FLINK_STATE_SNAPSHOT = CrdSchema.load("flinkstatesnapshots.flink.apache.org-v1.yml", "v1beta1");

    private static final Map<String, CrdSchema> BY_KIND = Map.of(
            FLINK_DEPLOYMENT.kind(), FLINK_DEPLOYMENT, FLINK_STATE_SNAPSHOT.kind(), FLINK_STATE_SNAPSHOT);

    private OperatorCrds() {}

    /** The schema of the object's kind; fails for a kind no CRD here defines. */
    static CrdSchema forObject(JsonNode object) {
        if (!object.path("apiVersion").asText().equals("flink.apache.org/v1beta1")) {
            throw new IllegalArgumentException(StrictModel.name(object) + ": apiVersion "
                    + object.path("apiVersion").asText() + " is not flink.apache.org/v1beta1");
        }
        CrdSchema s = BY_KIND.get(object.path("kind").asText());
        if (s == null) {
            throw new IllegalArgumentException(StrictModel.name(object) + ": no CRD for this kind in src/test/resources/crds");
        }
        return s;
    }
}
