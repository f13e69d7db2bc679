package com.snapmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time of every live thread of this JVM at one moment, by thread id, and the difference
 * of two such snapshots summed by what the threads do ({@link #groupOf}): where a race's CPU went
 * among the job's tasks, the Kafka broker, the MongoDB-wire server, the clients and the observer.
 */
final class ThreadCpu {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> cpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    static ThreadCpu now() {
        ThreadCpu s = new ThreadCpu();
        for (java.lang.management.ThreadInfo info : MX.getThreadInfo(MX.getAllThreadIds())) {
            if (info != null) {
                long nanos = MX.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    s.cpu.put(info.getThreadId(), nanos);
                    s.names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        return s;
    }

    /** CPU nanoseconds per group between {@code before} and this snapshot (threads started in between count whole). */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> byGroup = new HashMap<>();
        cpu.forEach((id, nanos) -> byGroup.merge(groupOf(names.get(id)), nanos - before.cpu.getOrDefault(id, 0L), Long::sum));
        return byGroup;
    }

    /**
     * A Flink task thread's task ({@code "<chain> (i/p)#attempt"}); any other thread's name without
     * its numbers and without what follows {@code " | "} (a Kafka client's id).
     */
    static String groupOf(String threadName) {
        String task = TaskCpu.taskOf(threadName);
        if (!task.isEmpty()) {
            return task;
        }
        int bar = threadName.indexOf(" | ");
        return (bar < 0 ? threadName : threadName.substring(0, bar)).replaceAll("\\d+", "#");
    }
}
