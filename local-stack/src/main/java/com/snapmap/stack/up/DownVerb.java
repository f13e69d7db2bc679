package com.snapmap.stack.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./snapmap down}: asks the supervisor to stop (SIGTERM: it stops the job with a savepoint,
 * then every process), kills it if it hangs, then stops whatever of this home still runs.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "stop the job with a savepoint, then every process up started")
final class DownVerb implements Callable<Integer> {

    /** Savepoint (3 min at most) plus every process's SIGTERM grace. */
    static final Duration SUPERVISOR_STOP_TIMEOUT = Duration.ofMinutes(8);

    @Mixin UpDirs dirs;

    @Override
    public Integer call() throws Exception {
        UpLayout layout = dirs.layout();
        Optional<UpState> state = UpState.read(layout.stateFile());
        if (state.isEmpty()) {
            System.out.println("snapmap: nothing is up in " + layout.home());
            return 0;
        }
        long sup = Long.parseLong(state.get().get("supervisor.pid", "-1"));
        Path log = layout.log("supervisor");
        if (UpCommand.supervisorAlive(layout, sup)) {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            ProcessHandle ph = ProcessHandle.of(sup).orElseThrow();
            ph.destroy();
            long deadline = System.nanoTime() + SUPERVISOR_STOP_TIMEOUT.toNanos();
            while (ph.isAlive() && System.nanoTime() < deadline) {
                offset = UpCommand.echo(log, offset);
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
            }
            if (ph.isAlive()) { // a hung supervisor: what it did not stop is stopped below
                System.out.println("snapmap: the supervisor did not stop within " + SUPERVISOR_STOP_TIMEOUT.toMinutes() + " min; killing it");
                ph.destroyForcibly();
                ph.onExit().join();
            }
            UpCommand.echo(log, offset);
        }
        // The supervisor gone (or killed): whatever of this home still runs is stopped here.
        UpState after = UpState.read(layout.stateFile()).orElse(state.get());
        StackShutdown shutdown = new StackShutdown(layout, System.out);
        if (UpState.SERVICES.stream().anyMatch(s -> shutdown.isOurs(state.get().pid(s)))) {
            shutdown.run(state.get());
        }
        for (ProcessHandle leftover : ProcessHandle.allProcesses().filter(p -> shutdown.isOurs(p.pid())).toList()) {
            System.out.println("snapmap: stopping leftover pid " + leftover.pid() + " " + leftover.info().command().orElse(""));
            shutdown.stop("leftover", leftover.pid());
        }
        if (!"failed".equals(after.phase())) {
            after.set("phase", "down");
        }
        after.write(layout.stateFile());
        String sp = after.get("savepoint");
        System.out.println("snapmap: down" + (sp == null ? "" : "; the next up restores " + sp));
        return 0;
    }
}
