package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each overlay keeps checkpoints, savepoints and HA metadata: somewhere that outlives the pods. */
class StateStorageITCase {

    static final List<String> STATE_KEYS = List.of(
            "high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");

    @Test
    void productionKeepsStateInAzureBlobStorageWithTheKeyFromASecret() {
        ClusteringJobManifest job = ClusteringJobManifest.of("production");
        Map<String, String> conf = job.flinkConfiguration();
        STATE_KEYS.forEach(k -> assertThat(conf.get(k)).as(k).startsWith("abfss://"));
        JsonNode main = ClusteringJobManifest.mainContainer(job.spec().path("podTemplate").path("spec"));
        assertThat(main.path("env").findValuesAsText("name")).contains("AZURE_STORAGE_KEY");
        assertThat(conf).containsValue("org.apache.flink.fs.azurefs.EnvironmentVariableKeyProvider");
    }

    @Test
    void localKeepsStateOnAPersistentVolumeEveryFlinkPodMounts() {
        ClusteringJobManifest job = ClusteringJobManifest.of("local");
        JsonNode pod = job.spec().path("podTemplate").path("spec");
        JsonNode mount = ClusteringJobManifest.mainContainer(pod).path("volumeMounts").get(0);
        String claim = pod.path("volumes").get(0).path("persistentVolumeClaim").path("claimName").asText();
        assertThat(job.manifests().find("PersistentVolumeClaim", claim)).isPresent();
        STATE_KEYS.forEach(k -> assertThat(job.flinkConfiguration().get(k)).as(k)
                .startsWith("file://" + mount.path("mountPath").asText() + "/"));
    }
}
