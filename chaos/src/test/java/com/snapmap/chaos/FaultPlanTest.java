package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void theFullPlanKillsTheTaskManagerTwice() {
        FaultPlan plan = FaultPlan.parse(FaultPlan.ALL);
        assertThat(plan.faults()).containsExactly(Fault.TASKMANAGER, Fault.JOBMANAGER, Fault.TASKMANAGER, Fault.KAFKA,
                Fault.MONGO, Fault.AZURITE, Fault.GATEWAY, Fault.SWEEP);
    }

    @Test
    void faultsAreSpreadEvenlyOverTheLoad() {
        FaultPlan plan = FaultPlan.parse("kafka,mongo,gateway");
        Duration load = Duration.ofSeconds(80);
        assertThat(plan.dueAt(0, load)).isEqualTo(Duration.ofSeconds(20));
        assertThat(plan.dueAt(1, load)).isEqualTo(Duration.ofSeconds(40));
        assertThat(plan.dueAt(2, load)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void namesAreCaseAndSpaceInsensitive() {
        assertThat(FaultPlan.parse(" Kafka , MONGO").faults()).containsExactly(Fault.KAFKA, Fault.MONGO);
    }

    @Test
    void anEmptyListIsNoFaults() {
        assertThat(FaultPlan.parse("").size()).isZero();
    }

    @Test
    void anUnknownNameSaysWhichAreKnown() {
        assertThatThrownBy(() -> FaultPlan.parse("kafka,zookeeper"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'zookeeper'").hasMessageContaining("taskmanager, jobmanager");
    }

    @Test
    void onlyTheSweepIsUnsupervised() {
        assertThat(Fault.SWEEP.supervised()).isFalse();
        assertThat(Fault.KAFKA.supervised()).isTrue();
    }
}
