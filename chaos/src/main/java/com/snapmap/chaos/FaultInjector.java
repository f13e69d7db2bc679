package com.snapmap.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Kills the plan's processes one after another with SIGKILL and waits, after each, until the
 * supervisor has a new process running, the job runs all its tasks, the gateway answers its health
 * check and an upload was acknowledged after the kill.
 */
final class FaultInjector {

    private final UpSystem up;
    private final UploadLedger ledger;
    private final Duration recoveryTimeout;
    private final long sweepGraceS;

    FaultInjector(UpSystem up, UploadLedger ledger, Duration recoveryTimeout, long sweepGraceS) {
        this.up = up;
        this.ledger = ledger;
        this.recoveryTimeout = recoveryTimeout;
        this.sweepGraceS = sweepGraceS;
    }

    List<FaultResult> run(FaultPlan plan, long loadStartNanos, Duration load) {
        List<FaultResult> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            long due = loadStartNanos + plan.dueAt(i, load).toNanos();
            while (System.nanoTime() - due < 0) {
                LockSupport.parkNanos(Math.min(due - System.nanoTime(), Duration.ofMillis(500).toNanos()));
            }
            Fault f = plan.faults().get(i);
            FaultResult r = f.supervised() ? kill(f) : killSweep();
            System.out.printf("chaos: %-20s pid %-7d %s%n", f.label, r.pid(), r.recovered()
                    ? String.format("recovered in %.1f s %s", r.recovery().toMillis() / 1e3, r.note()) : "NOT RECOVERED " + r.note());
            out.add(r);
        }
        return out;
    }

    private FaultResult kill(Fault f) {
        long pid = up.pid(f.service);
        ProcessHandle ph = ProcessHandle.of(pid).orElse(null);
        if (ph == null || !ph.isAlive()) {
            return new FaultResult(f, pid, false, Duration.ZERO, "(was not running)");
        }
        long killedAt = System.currentTimeMillis();
        ph.destroyForcibly(); // SIGKILL
        long t0 = System.nanoTime();
        long deadline = t0 + recoveryTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            // A lost TaskManager takes the job's tasks with it: recovered once the job has restarted on the new one.
            boolean jobUp = f == Fault.TASKMANAGER ? up.jobRunningSince(killedAt) : up.jobRunning();
            if (up.restarted(f.service, pid) && jobUp && up.gatewayHealthy() && ledger.ackedSince(t0)) {
                return new FaultResult(f, pid, true, Duration.ofNanos(System.nanoTime() - t0), "");
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return new FaultResult(f, pid, false, recoveryTimeout, "(not healthy within " + recoveryTimeout.toSeconds() + " s)");
    }

    /** A sweep started for the purpose, killed 0.5 to 2 s in (while it runs, if it has not finished). */
    private FaultResult killSweep() {
        Process sweep = up.startSweep(sweepGraceS);
        long t0 = System.nanoTime();
        try {
            if (sweep.waitFor(ThreadLocalRandom.current().nextLong(500, 2000), TimeUnit.MILLISECONDS)) {
                return new FaultResult(Fault.SWEEP, sweep.pid(), true, Duration.ZERO,
                        "(it ended before the kill, exit " + sweep.exitValue() + ")");
            }
            sweep.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new FaultResult(Fault.SWEEP, sweep.pid(), true, Duration.ZERO,
                String.format("(killed %.1f s into its run; the final sweep finishes it)", (System.nanoTime() - t0) / 1e9));
    }
}
