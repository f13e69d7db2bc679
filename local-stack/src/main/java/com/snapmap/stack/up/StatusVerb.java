package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./snapmap status}: each process up started (alive, restarts, the supervisor's word on it)
 * and the job's real task state; exit 0 only when all is healthy.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "each process, its restarts, and the job's real task state")
final class StatusVerb implements Callable<Integer> {
    @Mixin UpDirs dirs;

    @Override
    public Integer call() {
        UpLayout layout = dirs.layout();
        Optional<UpState> state = UpState.read(layout.stateFile());
        long sup = state.map(s -> Long.parseLong(s.get("supervisor.pid", "-1"))).orElse(-1L);
        if (state.isEmpty() || !UpCommand.supervisorAlive(layout, sup)) {
            System.out.println("snapmap is not up (" + state.map(UpState::phase).orElse("never started") + " in " + layout.home() + ")");
            return 1;
        }
        UpState s = state.get();
        StackShutdown probe = new StackShutdown(layout, System.out);
        boolean healthy = s.phase().equals("ready");
        System.out.printf("snapmap %s (supervisor pid %d, up since %s)%n", s.phase(), sup, s.get("started.at"));
        for (String name : UpState.SERVICES) {
            if (name.equals("sweeper")) {
                System.out.printf("  %-12s %s%n", name, s.get("sweeper", "not scheduled yet"));
                continue;
            }
            long pid = s.pid(name);
            boolean alive = probe.isOurs(pid);
            boolean degraded = "DEGRADED".equals(s.get("service." + name + ".health"));
            healthy &= alive && !degraded && "running".equals(s.get("service." + name + ".status"));
            System.out.printf("  %-12s %-8s pid %-7d restarts %s%s  %s%n", name, !alive ? "DOWN" : degraded ? "DEGRADED" : "running", pid,
                    s.get("service." + name + ".restarts", "0"),
                    s.get("service." + name + ".lastRestart") == null ? "" : " (last " + s.get("service." + name + ".lastRestart") + ")",
                    s.get("service." + name + ".status", ""));
        }
        String job = s.get("job.id");
        String jobLine;
        try {
            FlinkRestClient rest = new FlinkRestClient(s.get("flink.rest"));
            FlinkRestClient.TaskState t = rest.taskState(job);
            var o = rest.overview();
            healthy &= t.fullyRunning();
            jobLine = t + "; " + o.path("taskmanagers").asInt() + " taskmanager(s), "
                    + o.path("slots-available").asInt() + "/" + o.path("slots-total").asInt() + " slots free";
        } catch (FlinkRestException e) {
            healthy = false;
            jobLine = "unknown: " + e.getMessage();
        }
        System.out.printf("  %-12s %s %s (resubmitted %s times%s)%n", "job", job, jobLine, s.get("job.resubmits", "0"),
                s.get("job.restoredFrom") == null ? "" : ", restored from " + s.get("job.restoredFrom"));
        System.out.println("  gateway " + s.get("gateway.url") + "   flink " + s.get("flink.rest") + "   settings " + layout.upEnv());
        System.out.println(healthy ? "snapmap: healthy" : "snapmap: DEGRADED");
        return healthy ? 0 : 1;
    }
}
