package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aTaskThreadCountsForItsTask() {
        assertThat(ThreadCpu.groupOf("Cell linker (2/2)#0")).isEqualTo("Cell linker");
    }

    @Test
    void otherThreadsLoseTheirNumbersAndTheirClientId() {
        assertThat(ThreadCpu.groupOf("kafka-producer-network-thread | producer-7")).isEqualTo("kafka-producer-network-thread");
        assertThat(ThreadCpu.groupOf("mongo-server-worker12")).isEqualTo("mongo-server-worker#");
    }
}
