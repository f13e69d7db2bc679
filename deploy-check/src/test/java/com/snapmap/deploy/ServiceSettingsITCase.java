package com.snapmap.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.snapmap.gateway.GatewaySettingsCheck;
import com.snapmap.job.prod.JobSettings;
import com.snapmap.sweeper.SweeperMain;
import com.snapmap.sweeper.SweeperSettingsCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The gateway, the sweeper and the topics Job of every overlay: accepted by their own parsers, and agreeing with the job. */
class ServiceSettingsITCase {

    static final List<String> OVERLAYS = Kustomize.OVERLAYS;

    @TempDir
    Path dir;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void gatewayEnvironmentIsAcceptedAndPointsWhereTheJobReads(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        JsonNode container = m.get("Deployment", "snapmap-gateway").path("spec").path("template").path("spec").path("containers").get(0);

        GatewaySettingsCheck.Parsed gateway = GatewaySettingsCheck.parse(PodEnvironment.of(m, container));

        JobSettings job = ClusteringJobManifest.of(overlay).settings(dir);
        assertThat(gateway.kafkaBootstrap()).isEqualTo(job.get("kafka.bootstrap-servers"));
        assertThat(gateway.kafkaTopic()).isEqualTo(job.get("kafka.topic.uploads"));
        assertThat(gateway.mongoDatabase()).isEqualTo(job.get("mongo.database"));
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(gateway.port());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void gatewayProbesAskForHealth(String overlay) {
        JsonNode container = Manifests.of(overlay).get("Deployment", "snapmap-gateway")
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void sweeperArgsAreAcceptedAndMatchTheJobsTopicAndDatabase(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        JsonNode cron = m.get("CronJob", "snapmap-sweeper").path("spec");
        JsonNode container = cron.path("jobTemplate").path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, String> env = PodEnvironment.of(m, container);
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(PodEnvironment.expand(a.asText(), env)));

        assertThat(command.get(command.size() - 1)).isEqualTo(SweeperMain.class.getName());
        SweeperSettingsCheck.Parsed sweeper = SweeperSettingsCheck.parse(args.toArray(String[]::new));

        JobSettings job = ClusteringJobManifest.of(overlay).settings(dir);
        assertThat(sweeper.kafkaBootstrap()).isEqualTo(job.get("kafka.bootstrap-servers"));
        assertThat(sweeper.uploadsTopic()).isEqualTo(job.get("kafka.topic.uploads"));
        assertThat(sweeper.database()).isEqualTo(job.get("mongo.database"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void sweepsNeverOverlapAndEndBeforeTheNextTick(String overlay) {
        JsonNode cron = Manifests.of(overlay).get("CronJob", "snapmap-sweeper").path("spec");
        assertThat(cron.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(cron.path("jobTemplate").path("spec").path("activeDeadlineSeconds").asInt()).isBetween(1, 299);
        assertThat(cron.path("startingDeadlineSeconds").asInt()).isPositive();
        assertThat(cron.path("successfulJobsHistoryLimit").asInt()).isPositive();
        assertThat(cron.path("failedJobsHistoryLimit").asInt()).isPositive();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void topicsJobCreatesEveryTopicTheJobUsesIdempotently(String overlay) throws IOException {
        String script = Manifests.of(overlay).get("Job", "snapmap-topics")
                .path("spec").path("template").path("spec").path("containers").get(0).path("command").get(2).asText();
        List<String> created = new ArrayList<>();
        Matcher mt = Pattern.compile("--create --if-not-exists --topic (\\S+)").matcher(script);
        while (mt.find()) {
            created.add(mt.group(1));
        }
        JobSettings job = ClusteringJobManifest.of(overlay).settings(dir);
        assertThat(created).containsExactlyInAnyOrder(
                job.get("kafka.topic.uploads"), job.get("kafka.topic.dlq"), job.get("kafka.topic.event-updates"));
        assertThat(script).contains("--topic " + job.get("kafka.topic.event-updates") + " --partitions 8 --config cleanup.policy=compact");
    }
}
