package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.stack.up.SupervisedProcess.Health;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SupervisedProcessTest {

    private static final long S = 1_000_000_000L;

    private final SupervisedProcess p = new SupervisedProcess("svc", () -> {
        throw new IllegalStateException("not launched in this test");
    }, () -> true);

    @Test
    void healthyUntilAProbeFails() {
        assertThat(p.health(1000 * S)).isEqualTo(Health.HEALTHY);
    }

    @Test
    void theClockStartsAtTheFirstFailedProbe() {
        p.probed(false, "no answer", 100 * S);
        p.probed(false, "no answer", 105 * S);

        assertThat(p.health(114 * S)).isEqualTo(Health.HEALTHY);
        assertThat(p.health(115 * S)).isEqualTo(Health.DEGRADED);
        assertThat(p.health(159 * S)).isEqualTo(Health.DEGRADED);
        assertThat(p.health(160 * S)).isEqualTo(Health.RESTART);
    }

    @Test
    void aSuccessfulProbeStopsTheClock() {
        p.probed(false, "no answer", 100 * S);
        p.probed(true, "", 150 * S);
        p.probed(false, "no answer", 155 * S);

        assertThat(p.health(169 * S)).isEqualTo(Health.HEALTHY);
        assertThat(p.health(170 * S)).isEqualTo(Health.DEGRADED);
    }

    @Test
    void probesFailingWhileAProcessStartsDoNotCount() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        SupervisedProcess starting = new SupervisedProcess("svc", () -> new ProcessBuilder("sleep", "60").start(), ready::get);
        Thread start = new Thread(() -> starting.start(Duration.ofSeconds(30)));
        start.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> starting.status().equals("starting"));
            starting.probed(false, "connection refused", 100 * S);
            starting.probed(false, "connection refused", 200 * S);

            assertThat(starting.health(200 * S)).isEqualTo(Health.HEALTHY);

            ready.set(true);
            start.join(Duration.ofSeconds(10).toMillis());
            starting.probed(false, "no answer", 300 * S);
            assertThat(starting.health(360 * S)).isEqualTo(Health.RESTART);
        } finally {
            starting.process().destroyForcibly();
        }
    }

    @Test
    void thresholdsAreTheDefaults() {
        assertThat(HealthThresholds.DEFAULTS.degradedAfter()).isEqualTo(Duration.ofSeconds(15));
        assertThat(HealthThresholds.DEFAULTS.restartAfter()).isEqualTo(Duration.ofSeconds(60));
    }
}
