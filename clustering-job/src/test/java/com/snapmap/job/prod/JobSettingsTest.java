package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSettingsTest {

    private static final String[] MINIMAL = {"--kafka.bootstrap-servers", "127.0.0.1:9092", "--mongo.uri", "mongodb://127.0.0.1:27017"};

    @Test
    void defaultsFillEverythingButTheRequiredKeys() {
        JobSettings s = JobSettings.fromArgs(MINIMAL);
        assertThat(s.get("kafka.topic.uploads")).isEqualTo("photo-uploads");
        assertThat(s.get("kafka.topic.dlq")).isEqualTo("photo-uploads-dlq");
        assertThat(s.get("kafka.topic.event-updates")).isEqualTo("event-updates");
        assertThat(s.clustering().radiusMeters()).isEqualTo(50);
        assertThat(s.clustering().windowMillis()).isEqualTo(300_000);
        assertThat(JobSettings.describe()).contains("--kafka.bootstrap-servers", "(required)", "--clustering.lateness-s",
                "(default: 3600)", "--help");
        assertThat(s.configuration().get(JobOptions.LATENESS_S)).isEqualTo(3600L);
    }

    @Test
    void aConfigFileIsOverriddenByArguments(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("job.properties");
        Files.write(f, List.of("kafka.bootstrap-servers=a:1", "mongo.uri=mongodb://m", "clustering.radius-m=80"));
        JobSettings s = JobSettings.fromArgs(new String[] {"--config", f.toString(), "--clustering.radius-m", "60"});
        assertThat(s.clustering().radiusMeters()).isEqualTo(60);
        assertThat(s.get("kafka.bootstrap-servers")).isEqualTo("a:1");
    }

    @Test
    void badSettingsFailNamingTheKey() {
        assertThatThrownBy(() -> JobSettings.fromArgs(new String[0])).hasMessageContaining("kafka.bootstrap-servers");
        assertThatThrownBy(() -> JobSettings.fromArgs(new String[] {"--kafka.bootstrap-servers", "x:1"}))
                .hasMessageContaining("missing setting 'mongo.uri'");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--kafka.topic.uplods", "x"))).hasMessageContaining("--kafka.topic.uplods");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--clustering.window-s", "five"))).hasMessageContaining("clustering.window-s");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--clustering.radius-m", "-1"))).hasMessageContaining("radius-m");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--kafka.starting-offsets", "yesterday"))).hasMessageContaining("kafka.starting-offsets");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--mongo.uri", "http://x"))).hasMessageContaining("mongo.uri");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--checkpoint.interval-ms", "0"))).hasMessageContaining("checkpoint.interval-ms");
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--mongo.event-rewrite-interval-ms", "-1")))
                .hasMessageContaining("mongo.event-rewrite-interval-ms");
    }

    @Test
    void thePlaceLookUpIsOnByDefaultAndCanBeTurnedOff() {
        assertThat(JobSettings.fromArgs(MINIMAL).clustering().placeLookup()).isTrue();
        assertThat(JobSettings.fromArgs(concat("--events.place-lookup", "false")).clustering().placeLookup()).isFalse();
    }

    @Test
    void aPlaceLookUpThatIsNeitherTrueNorFalseFailsAtStart() {
        assertThatThrownBy(() -> JobSettings.fromArgs(concat("--events.place-lookup", "off")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Could not parse value 'off' for key 'events.place-lookup'");
    }

    private static String[] concat(String... more) {
        String[] out = java.util.Arrays.copyOf(MINIMAL, MINIMAL.length + more.length);
        System.arraycopy(more, 0, out, MINIMAL.length, more.length);
        return out;
    }
}
