package com.snapmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CPU time of the Flink task threads during one job, summed per task (an operator chain, over its
 * subtasks): which operator a graph's time goes to, without a profiler. Task threads are named
 * {@code "<chain> (i/p)#attempt"}; they are polled every few milliseconds, since a thread's CPU
 * time can no longer be read once it has ended (so the last few milliseconds of each are missed).
 */
final class TaskCpu {

    private static final Pattern TASK_THREAD = Pattern.compile("^(.*) \\(\\d+/\\d+\\)#\\d+$");
    private static final long POLL_MILLIS = 10;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    /** Thread id → task name, or "" for a thread that is no task's. */
    private final Map<Long, String> tasks = new HashMap<>();
    private final Map<Long, Long> cpu = new HashMap<>();
    private final Thread poller;
    private volatile boolean done;

    TaskCpu() {
        poller = new Thread(() -> {
            while (!done) {
                poll();
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-task-cpu");
        poller.setDaemon(true);
        poller.start();
    }

    /** Stops polling (again: a no-op); CPU nanoseconds per task, largest first. */
    Map<String, Long> stop() throws InterruptedException {
        done = true;
        poller.join();
        poll();
        Map<String, Long> byTask = new HashMap<>();
        cpu.forEach((id, nanos) -> byTask.merge(tasks.get(id), nanos, Long::sum));
        return byTask.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private synchronized void poll() {
        for (long id : mx.getAllThreadIds()) {
            String task = tasks.get(id);
            if (task == null) {
                ThreadInfo info = mx.getThreadInfo(id);
                task = info == null ? "" : taskOf(info.getThreadName());
                tasks.put(id, task);
            }
            if (!task.isEmpty()) {
                long nanos = mx.getThreadCpuTime(id);
                if (nanos > 0) {
                    cpu.put(id, nanos);
                }
            }
        }
    }

    /** The task a thread runs, or "" (Flink's own threads, the harness's). */
    static String taskOf(String threadName) {
        Matcher m = TASK_THREAD.matcher(threadName);
        return m.matches() ? m.group(1) : "";
    }
}
