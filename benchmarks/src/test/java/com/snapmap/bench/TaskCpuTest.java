package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TaskCpuTest {

    @Test
    void aTaskThreadIsNamedAfterItsChain() {
        assertThat(TaskCpu.taskOf("Event registry (by region) (2/2)#0")).isEqualTo("Event registry (by region)");
        assertThat(TaskCpu.taskOf("Source: upload-events-file -> Parse (1/1)#3")).isEqualTo("Source: upload-events-file -> Parse");
        assertThat(TaskCpu.taskOf("flink-pekko.actor.default-dispatcher-4")).isEmpty();
    }

    @Test
    void sharesOfTheTasksCpuLargestFirst() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put("Event registry (by region)", 600L);
        cpu.put("Source: upload-events-file -> Parse and validate uploads -> Route", 300L);
        cpu.put("Cell linker", 100L);
        JobRun run = new JobRun(1, 1, null, List.of(), null, true, cpu);
        assertThat(run.taskCpuShares(2)).isEqualTo("Event registry (by region) 60 %, upload-events-file 30 %");
        assertThat(new JobRun(1, 1, null, List.of(), null, true).taskCpuShares(2)).isEqualTo("n/a");
    }

    @Test
    void measuresTheCpuOfATaskThread() throws Exception {
        TaskCpu cpu = new TaskCpu();
        CountDownLatch worked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            double x = 0;
            for (int i = 0; i < 5_000_000; i++) {
                x += Math.sqrt(x + i);
            }
            if (x > 0) {
                worked.countDown();
            }
            try {
                release.await(); // still alive when the last poll reads it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "Busy task (1/1)#0");
        busy.start();
        worked.await();
        Map<String, Long> byTask = cpu.stop();
        release.countDown();
        busy.join();
        assertThat(byTask).containsKey("Busy task");
        assertThat(byTask.get("Busy task")).isPositive();
    }
}
