package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ClusteringJobMain;
import com.snapmap.job.prod.JobSettings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The FlinkDeployment of every overlay agrees with the job's own settings and with flink-conf/config.yaml. */
class ClusteringJobManifestITCase {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    /** flink-conf keys a pod sets differently, and why. */
    static final Map<String, String> SET_BY_KUBERNETES = Map.ofEntries(
            Map.entry("jobmanager.rpc.address", "the operator points it at the JobManager's Service"),
            Map.entry("rest.address", "the operator points it at the JobManager's Service"),
            Map.entry("jobmanager.bind-host", "pods listen on all interfaces"),
            Map.entry("taskmanager.bind-host", "pods listen on all interfaces"),
            Map.entry("rest.bind-address", "pods listen on all interfaces"),
            Map.entry("web.submit.enable", "application mode: no jar is ever uploaded"),
            Map.entry("jobmanager.memory.process.size", "spec.jobManager.resource.memory"),
            Map.entry("taskmanager.memory.process.size", "spec.taskManager.resource.memory"),
            Map.entry("parallelism.default", "spec.job.parallelism"),
            Map.entry("execution.checkpointing.dir", "durable storage, per overlay"),
            Map.entry("execution.checkpointing.savepoint-dir", "durable storage, per overlay"));

    /** Keys only a Kubernetes deployment has (prefixes end in a dot). */
    static final Set<String> KUBERNETES_ONLY = Set.of("pipeline.max-parallelism", "taskmanager.rpc.port",
            "high-availability.type", "high-availability.storageDir",
            "kubernetes.operator.pod-template.merge-arrays-by-name", "job.autoscaler.", "fs.azure.account.keyprovider.");

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void entryClassIsTheJobsMain(String overlay) throws NoSuchMethodException {
        String entry = ClusteringJobManifest.of(overlay).spec().path("job").path("entryClass").asText();
        assertThat(entry).isEqualTo(ClusteringJobMain.class.getName());
        Method main = ClusteringJobMain.class.getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void argsAreAcceptedByTheJobsSettingsParser(String overlay) throws IOException {
        JobSettings s = ClusteringJobManifest.of(overlay).settings(dir);
        assertThat(s.get("mongo.uri")).startsWith("mongodb://");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void maxParallelismIsFixedToTheJobs(String overlay) throws IOException {
        ClusteringJobManifest job = ClusteringJobManifest.of(overlay);
        int pipeline = Integer.parseInt(job.flinkConfiguration().get("pipeline.max-parallelism"));
        assertThat(pipeline).isEqualTo(job.settings(dir).clustering().maxParallelism())
                .isEqualTo(ClusteringConfig.DEFAULT_MAX_PARALLELISM);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void checkpointIntervalIsTheJobs(String overlay) throws IOException {
        ClusteringJobManifest job = ClusteringJobManifest.of(overlay);
        long interval = TimeUtils.parseDuration(job.flinkConfiguration().get("execution.checkpointing.interval")).toMillis();
        assertThat(interval).isEqualTo(job.settings(dir).longValue("checkpoint.interval-ms"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void carriesEveryFlinkConfSettingUnchanged(String overlay) {
        Map<String, String> manifest = ClusteringJobManifest.of(overlay).flinkConfiguration();
        Set<String> differ = new TreeSet<>();
        FlinkConfKeys.repositoryConfig().forEach((k, v) -> {
            if (!SET_BY_KUBERNETES.containsKey(k) && !v.equals(manifest.get(k))) {
                differ.add(k + ": flink-conf " + v + ", manifest " + manifest.get(k));
            }
        });
        assertThat(differ).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void hasNoKeyBeyondFlinkConfButTheKubernetesOnes(String overlay) {
        Map<String, String> conf = FlinkConfKeys.repositoryConfig();
        Set<String> extra = new TreeSet<>();
        for (String k : ClusteringJobManifest.of(overlay).flinkConfiguration().keySet()) {
            if (!conf.containsKey(k) && KUBERNETES_ONLY.stream().noneMatch(o -> o.endsWith(".") ? k.startsWith(o) : k.equals(o))) {
                extra.add(k);
            }
        }
        assertThat(extra).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void flinksOwnKeysAreCurrentOnes(String overlay) {
        Map<String, Boolean> options = FlinkConfKeys.flinkCoreOptions();
        Set<String> bad = new TreeSet<>();
        for (String k : ClusteringJobManifest.of(overlay).flinkConfiguration().keySet()) {
            boolean operatorOrPlugin = k.startsWith("job.autoscaler.") || k.startsWith("kubernetes.operator.") || k.startsWith("fs.azure.");
            if (Boolean.TRUE.equals(options.get(k))) {
                bad.add(k + " (deprecated)");
            } else if (!operatorOrPlugin && !options.containsKey(k) && !FlinkConfKeys.repositoryConfig().containsKey(k)) {
                bad.add(k + " (no such Flink option)");
            }
        }
        assertThat(bad).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void memoryIsFlinkConfs(String overlay) {
        JsonNode spec = ClusteringJobManifest.of(overlay).spec();
        Map<String, String> conf = FlinkConfKeys.repositoryConfig();
        assertThat(spec.path("jobManager").path("resource").path("memory").asText()).isEqualTo(conf.get("jobmanager.memory.process.size"));
        assertThat(spec.path("taskManager").path("resource").path("memory").asText()).isEqualTo(conf.get("taskmanager.memory.process.size"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void upgradesBySavepointWithKubernetesHaAndTheAutoscalerOff(String overlay) {
        ClusteringJobManifest job = ClusteringJobManifest.of(overlay);
        assertThat(job.spec().path("flinkVersion").asText()).isEqualTo("v1_20");
        assertThat(job.spec().path("job").path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.flinkConfiguration()).containsEntry("high-availability.type", "kubernetes")
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("job.autoscaler.enabled", "false")
                .containsKeys("high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void jobManagerAndTaskManagersHaveLivenessProbesOnTheirOwnPorts(String overlay) {
        ClusteringJobManifest job = ClusteringJobManifest.of(overlay);
        JsonNode jm = ClusteringJobManifest.mainContainer(job.spec().path("jobManager").path("podTemplate").path("spec"));
        JsonNode tm = ClusteringJobManifest.mainContainer(job.spec().path("taskManager").path("podTemplate").path("spec"));
        assertThat(jm.path("livenessProbe").path("tcpSocket").path("port").asText()).isEqualTo(job.flinkConfiguration().get("rest.port"));
        assertThat(jm.path("readinessProbe").path("tcpSocket").path("port").asText()).isEqualTo(job.flinkConfiguration().get("rest.port"));
        assertThat(tm.path("livenessProbe").path("tcpSocket").path("port").asText())
                .isEqualTo(job.flinkConfiguration().get("taskmanager.rpc.port"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void podsRunAsNonRootWithoutPrivilegeEscalation(String overlay) {
        JsonNode pod = ClusteringJobManifest.of(overlay).spec().path("podTemplate").path("spec");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        JsonNode main = ClusteringJobManifest.mainContainer(pod);
        assertThat(main.path("securityContext").path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(main.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
    }
}
