package com.snapmap.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.snapmap.job.prod.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An overlay's FlinkDeployment of the clustering job, read the way the operator and the job read it. */
record ClusteringJobManifest(Manifests manifests, JsonNode deployment) {

    static final String NAME = "snapmap-clustering";

    static ClusteringJobManifest of(String overlay) {
        Manifests m = Manifests.of(overlay);
        return new ClusteringJobManifest(m, m.get("FlinkDeployment", NAME));
    }

    JsonNode spec() {
        return deployment.path("spec");
    }

    Map<String, String> flinkConfiguration() {
        Map<String, String> c = new LinkedHashMap<>();
        spec().path("flinkConfiguration").fields().forEachRemaining(f -> c.put(f.getKey(), f.getValue().asText()));
        return c;
    }

    /**
     * The job's settings from its args, as ClusteringJobMain parses them in the JobManager: a
     * {@code --config} file under a mounted Secret is that Secret's entry, written to {@code dir}.
     */
    JobSettings settings(Path dir) throws IOException {
        List<String> args = new ArrayList<>();
        spec().path("job").path("args").forEach(a -> args.add(a.asText()));
        int config = args.indexOf("--config");
        if (config >= 0) {
            args.set(config + 1, secretFile(args.get(config + 1), dir).toString());
        }
        return JobSettings.fromArgs(args.toArray(String[]::new));
    }

    private Path secretFile(String path, Path dir) throws IOException {
        JsonNode jm = spec().path("jobManager").path("podTemplate").path("spec");
        for (JsonNode mount : mainContainer(jm).path("volumeMounts")) {
            String at = mount.path("mountPath").asText() + "/";
            if (path.startsWith(at)) {
                String secret = volume(jm, mount.path("name").asText()).path("secret").path("secretName").asText();
                String key = path.substring(at.length());
                String content = PodEnvironment.data(manifests, "Secret", secret).get(key);
                if (content == null) {
                    throw new AssertionError("Secret " + secret + " has no key " + key + " for --config " + path);
                }
                return Files.writeString(dir.resolve(key), content);
            }
        }
        throw new AssertionError("--config " + path + " is on no volume the JobManager mounts");
    }

    static JsonNode mainContainer(JsonNode podSpec) {
        for (JsonNode c : podSpec.path("containers")) {
            if (c.path("name").asText().equals("flink-main-container")) {
                return c;
            }
        }
        throw new AssertionError("no flink-main-container in " + podSpec);
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + podSpec);
    }
}
