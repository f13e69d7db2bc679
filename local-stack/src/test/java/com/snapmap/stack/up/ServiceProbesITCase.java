package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.stack.up.SupervisedProcess.Health;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service that lives but does not answer (SIGSTOP: the process is there, its port open, nothing
 * replies), under the supervisor of up: the MongoDB-wire server, in its own JVM as up starts it,
 * with thresholds of seconds instead of 15 s and 60 s.
 */
class ServiceProbesITCase {

    private static final HealthThresholds FAST = HealthThresholds.ofSeconds(0.5, 3, 10);

    @TempDir
    Path root;

    private UpLayout layout;
    private Supervisor supervisor;
    private Thread loop;

    @BeforeEach
    void startMongoUnderTheSupervisor() throws IOException {
        Files.createDirectories(root.resolve("snapmap-testkit/target"));
        Files.writeString(root.resolve("snapmap-testkit/target/runtime-classpath.txt"), System.getProperty("java.class.path"));
        layout = new UpLayout(root, root.resolve(".snapmap"));
        layout.createFolders();
        supervisor = new Supervisor(layout, UpPorts.free(), false, "key", Duration.ofHours(1), FAST, System.out);
        supervisor.startMongo();
        loop = new Thread(supervisor::supervise, "supervise");
        loop.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> state().pid("mongo") > 0);
    }

    @AfterEach
    void stop() throws Exception {
        long pid = state().pid("mongo");
        if (pid > 0) {
            signal("CONT", pid); // a stopped process would not hear the shutdown's SIGTERM
        }
        supervisor.shutdown();
        loop.join(Duration.ofSeconds(20).toMillis());
    }

    @Test
    void aServiceThatStopsAnsweringIsReportedDegradedWithWhyItsProbeFailed() throws Exception {
        signal("STOP", state().pid("mongo"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(state().get("service.mongo.status"))
                .startsWith("DEGRADED: health probe failing for"));
        UpState s = state();
        assertThat(s.get("service.mongo.health")).isEqualTo(Health.DEGRADED.name());
        assertThat(s.get("service.mongo.probe")).contains("Timeout");
    }

    @Test
    void aServiceThatKeepsNotAnsweringIsKilledAndRestartedAndHealthyAgain() throws Exception {
        long stopped = state().pid("mongo");
        signal("STOP", stopped);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            UpState s = state();
            assertThat(s.pid("mongo")).isNotEqualTo(stopped);
            assertThat(s.get("service.mongo.status")).isEqualTo("running");
        });
        UpState s = state();
        assertThat(s.get("service.mongo.restarts")).isEqualTo("1");
        assertThat(s.get("service.mongo.health")).isEqualTo(Health.HEALTHY.name());
        assertThat(ProcessHandle.of(stopped)).isEmpty();
    }

    private UpState state() {
        return UpState.read(layout.stateFile()).orElse(new UpState());
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }
}
