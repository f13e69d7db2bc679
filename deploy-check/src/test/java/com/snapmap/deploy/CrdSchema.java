package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom resource's schema: the {@code openAPIV3Schema} of one version of its CRD (the Flink
 * Kubernetes Operator's, in src/test/resources/crds, see the NOTICE there). Object schemas that
 * list their properties get {@code additionalProperties: false} unless they say
 * {@code x-kubernetes-preserve-unknown-fields}: the API server's strict field validation
 * (kubectl's default) rejects an unknown field there instead of pruning it silently.
 */
final class CrdSchema {

    private final String kind;
    private final Schema schema;

    private CrdSchema(String kind, Schema schema) {
        this.kind = kind;
        this.schema = schema;
    }

    static CrdSchema load(String resource, String version) {
        JsonNode crd;
        try (InputStream in = CrdSchema.class.getResourceAsStream("/crds/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no CRD /crds/" + resource + " on the test class path");
            }
            crd = new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                ObjectNode open = v.path("schema").path("openAPIV3Schema").deepCopy();
                closeObjects(open);
                // The API server's own part of every object; metadata is checked by the model.
                ObjectNode root = (ObjectNode) open.get("properties");
                root.putObject("apiVersion").put("type", "string");
                root.putObject("kind").put("type", "string");
                root.putObject("metadata").put("type", "object");
                // OpenAPI v3 schemas are close to draft 4 (exclusiveMinimum as a boolean, no $schema).
                Schema s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(open.toString());
                return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), s);
            }
        }
        throw new IllegalStateException(resource + " has no version " + version);
    }

    String kind() {
        return kind;
    }

    /** The schema's complaints about one object and unknown fields in its metadata, empty when it is valid. */
    List<String> errors(JsonNode object) {
        List<String> errors = new ArrayList<>(schema.validate(object).stream().map(Error::toString).toList());
        StrictModel.unknownMetadataFields(object).forEach(f -> errors.add("metadata." + f + ": unknown field"));
        return errors;
    }

    private static void closeObjects(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.has("properties") && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
        }
        node.forEach(CrdSchema::closeObjects);
    }
}
