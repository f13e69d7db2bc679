package com.snapmap.stack.up;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One process {@code up} started and keeps alive, as compose's {@code restart: unless-stopped}
 * does: when it dies it is launched again after a backoff (1 s, doubling to 30 s, back to 1 s
 * once it has stayed up for a minute), and counted. A process that lives but fails its health
 * probe ({@link ServiceProbes}) is DEGRADED after 15 s of failing and killed (then restarted as
 * a dead one) after 60 s ({@link HealthThresholds}). Probes count only once a launched process is
 * ready: a restart that is slow to serve (a JVM starting on a busy machine) is not killed for it,
 * and one that is not ready within {@link #START_TIMEOUT} is killed and launched again.
 */
final class SupervisedProcess {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofMinutes(1);
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** What the probes say: serving, failing long enough to report, failing long enough to restart. */
    enum Health { HEALTHY, DEGRADED, RESTART }

    final String name;
    private final Callable<Process> launcher;
    private final BooleanSupplier ready;
    private volatile Process process;
    private volatile int restarts;
    private volatile String status = "stopped";
    private Duration backoff = FIRST_BACKOFF;
    private long diedAtNanos = -1;
    private long startedAtNanos;
    private volatile long lastRestartMillis = -1;
    private final HealthThresholds thresholds;
    private volatile long failingSinceNanos = -1;
    private volatile String probeDetail = "";
    private volatile String killedFor;

    /**
     * @param launcher starts the process (and returns it); called again for each restart
     * @param ready    true once the started process serves (port open, ready line logged, ...)
     */
    SupervisedProcess(String name, Callable<Process> launcher, BooleanSupplier ready) {
        this(name, launcher, ready, HealthThresholds.DEFAULTS);
    }

    SupervisedProcess(String name, Callable<Process> launcher, BooleanSupplier ready, HealthThresholds thresholds) {
        this.name = name;
        this.launcher = launcher;
        this.ready = ready;
        this.thresholds = thresholds;
    }

    /** One probe's answer at {@code nowNanos}: a failure starts the clock, a success stops it. */
    void probed(boolean ok, String detail, long nowNanos) {
        if (status.equals("starting")) {
            return; // not serving yet: the start timeout, not the health clock, covers it
        }
        if (ok) {
            failingSinceNanos = -1;
        } else if (failingSinceNanos < 0) {
            failingSinceNanos = nowNanos;
        }
        probeDetail = ok ? "" : detail;
    }

    Health health(long nowNanos) {
        long since = failingSinceNanos;
        if (since < 0) {
            return Health.HEALTHY;
        }
        long failing = nowNanos - since;
        return failing >= thresholds.restartAfter().toNanos() ? Health.RESTART
                : failing >= thresholds.degradedAfter().toNanos() ? Health.DEGRADED : Health.HEALTHY;
    }

    /** Launches and waits until ready; a process that dies or stays unready fails the start. */
    void start(Duration timeout) {
        launch();
        adopt(process, timeout);
    }

    /** Takes over a process started elsewhere (the Flink cluster starts its own), waiting until ready. */
    void adopt(Process p, Duration timeout) {
        process = p;
        startedAtNanos = System.nanoTime();
        failingSinceNanos = -1;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + p.exitValue() + " while starting");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        failingSinceNanos = -1; // probes that failed while it started do not count against it
        status = "running";
    }

    private void launch() {
        try {
            process = launcher.call();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
        startedAtNanos = System.nanoTime();
        failingSinceNanos = -1; // a new process: its health clock starts at its first probe
        status = "starting";
    }

    /** One supervision step: notices a death, restarts when its backoff has passed, tracks readiness. */
    void tick() {
        Process p = process;
        long now = System.nanoTime();
        if (p != null && p.isAlive()) {
            Health h = health(now);
            long failingS = (now - failingSinceNanos) / 1_000_000_000L;
            if (h == Health.RESTART) {
                killedFor = "killed: health probe failing for " + failingS + " s (" + probeDetail + ")";
                status = killedFor;
                p.destroyForcibly(); // SIGKILL ends a stopped or hung process too; the next ticks restart it
                return;
            }
            if (h == Health.DEGRADED) {
                status = "DEGRADED: health probe failing for " + failingS + " s (" + probeDetail + ")";
                return;
            }
            if (status.equals("starting") && now - startedAtNanos > START_TIMEOUT.toNanos()) {
                killedFor = "killed: not ready " + START_TIMEOUT.toSeconds() + " s after its start";
                status = killedFor;
                p.destroyForcibly();
                return;
            }
            if (!status.equals("running") && ready.getAsBoolean()) {
                failingSinceNanos = -1;
                status = "running";
            }
            if (status.equals("running") && now - startedAtNanos > STABLE_AFTER.toNanos()) {
                backoff = FIRST_BACKOFF;
            }
            return;
        }
        if (diedAtNanos < 0) {
            diedAtNanos = now;
            status = (killedFor == null ? "died (exit " + (p == null ? "?" : p.exitValue()) + ")" : killedFor)
                    + ", restarting in " + backoff.toSeconds() + " s";
            killedFor = null;
            return;
        }
        if (now - diedAtNanos >= backoff.toNanos()) {
            diedAtNanos = -1;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            restarts++;
            lastRestartMillis = System.currentTimeMillis();
            try {
                launch();
            } catch (IllegalStateException e) {
                diedAtNanos = System.nanoTime();
                status = "restart failed (" + e.getMessage() + "), retrying in " + backoff.toSeconds() + " s";
            }
        }
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    int restarts() {
        return restarts;
    }

    String status() {
        return status;
    }

    /** Why the last probe failed; empty while they pass. */
    String probeDetail() {
        return probeDetail;
    }

    long lastRestartMillis() {
        return lastRestartMillis;
    }

    Process process() {
        return process;
    }
}
