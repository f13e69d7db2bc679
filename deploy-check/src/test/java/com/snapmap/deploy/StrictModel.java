package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses an object of a built-in kind with fabric8's Kubernetes model. The model keeps a field it
 * does not know in {@code additionalProperties} instead of failing, so strictness is a walk of
 * the parsed tree that reports every non-empty one: a misspelt or misplaced field, as the API
 * server's strict field validation would.
 */
final class StrictModel {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** apiVersion/kind → model class: the kinds deploy/kubernetes uses, at the versions current clusters serve. */
    private static final Map<String, Class<? extends KubernetesResource>> MODEL = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("batch/v1/CronJob", CronJob.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class));

    private StrictModel() {}

    /** Built-in kinds: the core group and the groups without a dot or ending in .k8s.io. */
    static boolean isBuiltIn(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        if (!apiVersion.contains("/")) {
            return true;
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** The typed object; fails for an apiVersion and kind not in {@link #MODEL}. */
    static KubernetesResource parse(JsonNode object) {
        String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        Class<? extends KubernetesResource> model = MODEL.get(type);
        if (model == null) {
            throw new IllegalArgumentException(name(object) + ": no model class for " + type
                    + " (a misspelt apiVersion or kind, or one to add to StrictModel.MODEL)");
        }
        try {
            return JSON.treeToValue(object, model);
        } catch (Exception e) {
            throw new IllegalArgumentException(name(object) + ": does not parse as " + type + ": " + e.getMessage(), e);
        }
    }

    /** Paths of the fields the model did not know, e.g. {@code spec.template.spec.containers[0].imagePullPolcy}. */
    static List<String> unknownFields(KubernetesResource parsed) {
        List<String> found = new ArrayList<>();
        walk(parsed, "", found);
        return found;
    }

    /** Unknown fields in an object's metadata (of any kind: custom resources share ObjectMeta). */
    static List<String> unknownMetadataFields(JsonNode object) {
        try {
            List<String> found = new ArrayList<>();
            walk(JSON.treeToValue(object.path("metadata"), ObjectMeta.class), "", found);
            return found;
        } catch (Exception e) {
            throw new IllegalArgumentException(name(object) + ": metadata does not parse: " + e.getMessage(), e);
        }
    }

    static String name(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) {
                walk(o, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : value.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || !g.getName().startsWith("get")
                    || g.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = g.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(g + ": " + e.getMessage(), e);
            }
            String field = Character.toLowerCase(g.getName().charAt(3)) + g.getName().substring(4);
            if (g.getName().equals("getAdditionalProperties")) {
                ((Map<?, ?>) v).keySet().forEach(k -> found.add(join(path, String.valueOf(k))));
            } else {
                walk(v, join(path, field), found);
            }
        }
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
