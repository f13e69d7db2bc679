package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.prod.JobSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneClusterJobTest {

    @Test
    void eachSettingIsOneFlagAndItsValue() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        settings.put("mongo.uri", "mongodb://127.0.0.1:27017");
        assertThat(StandaloneClusterJob.programArgs(settings))
                .containsExactly("--kafka.bootstrap-servers", "127.0.0.1:9092", "--mongo.uri", "mongodb://127.0.0.1:27017");
    }

    @Test
    void theJobReadsBackTheSettingsItWasGiven() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        settings.put("kafka.topic.uploads", "cluster-photo-uploads");
        settings.put("kafka.starting-offsets", "earliest");
        settings.put("mongo.uri", "mongodb://127.0.0.1:27017");
        settings.put("mongo.database", "cluster");
        settings.put("checkpoint.interval-ms", "10000");
        settings.put("restart.attempts", "0");
        List<String> args = StandaloneClusterJob.programArgs(settings);
        assertThat(JobSettings.fromArgs(args.toArray(String[]::new)).configuration().toMap())
                .isEqualTo(JobSettings.of(settings).configuration().toMap())
                .containsEntry("kafka.topic.uploads", "cluster-photo-uploads")
                .containsEntry("restart.attempts", "0");
    }
}
