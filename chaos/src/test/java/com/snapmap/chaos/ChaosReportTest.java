package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

    private static final CheckResult CLEAN = new CheckResult(100, 0, List.of(), List.of(), List.of(), List.of(), "", List.of(), List.of(), 12);
    private static final FaultResult KAFKA = new FaultResult(Fault.KAFKA, 42, true, Duration.ofMillis(7300), "");

    private static ChaosReport report(List<FaultResult> faults, boolean healthy, CheckResult check) {
        return report(faults, healthy, true, check);
    }

    private static ChaosReport report(List<FaultResult> faults, boolean healthy, boolean caughtUp, CheckResult check) {
        return new ChaosReport(2, Duration.ofSeconds(50), faults, 9, List.of(), Duration.ofSeconds(3), healthy, 0, caughtUp,
                Duration.ofMillis(41_200), check);
    }

    @Test
    void aCleanRunPasses() {
        assertThat(report(List.of(KAFKA), true, CLEAN).passed()).isTrue();
    }

    @Test
    void aFaultThatDidNotRecoverFails() {
        FaultResult stuck = new FaultResult(Fault.MONGO, 43, false, Duration.ofSeconds(90), "");
        assertThat(report(List.of(KAFKA, stuck), true, CLEAN).passed()).isFalse();
    }

    @Test
    void anUnhealthySystemAfterTheLoadFails() {
        assertThat(report(List.of(KAFKA), false, CLEAN).passed()).isFalse();
    }

    @Test
    void aJobThatDidNotCatchUpAfterTheSweepFails() {
        assertThat(report(List.of(KAFKA), true, false, CLEAN).passed()).isFalse();
    }

    @Test
    void theReportSaysHowLongTheJobTookToCatchUp() {
        assertThat(report(List.of(KAFKA), true, CLEAN).lines()).contains("after the sweep the job caught up with photo-uploads in 41.2 s");
    }

    @Test
    void aLostUploadFails() {
        CheckResult lost = new CheckResult(100, 0, List.of("p1"), List.of(), List.of(), List.of(), "", List.of(), List.of(), 12);
        assertThat(report(List.of(KAFKA), true, lost).passed()).isFalse();
    }

    @Test
    void theReportNamesEachFaultWithItsRecoveryTime() {
        assertThat(report(List.of(KAFKA), true, CLEAN).lines()).anyMatch(l -> l.matches("  Kafka broker +pid 42 +recovered in 7\\.3 s"));
    }

    @Test
    void theReportSaysLoadHeldLostAndDoubleCounted() {
        List<String> lines = report(List.of(KAFKA), true, CLEAN).lines();
        assertThat(lines).anyMatch(l -> l.startsWith("load held      2 clients for 50 s: 100 uploads acknowledged (2.0/s)"))
                .anyMatch(l -> l.startsWith("lost           0 (must be 0)"))
                .anyMatch(l -> l.startsWith("double-counted 0 (must be 0)"))
                .endsWith("chaos: PASSED");
    }
}
