package com.snapmap.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One chaos run against the system up runs in a home: clients upload while the faults are
 * injected; then it waits for the system to be healthy, runs one sweep, waits for the job to have
 * durably handled everything on {@code photo-uploads} ({@link CaughtUp}), and checks every
 * acknowledged upload until the check passes or the settle time is over.
 */
public final class ChaosRun {

    /** What a run does; {@code rate} is uploads per second per client. */
    public record Settings(int clients, Duration duration, double rate, FaultPlan faults, Duration recoveryTimeout,
                           Duration settleTimeout, long sweepGraceS, long seed) {
        public Settings {
            if (clients < 1) {
                throw new IllegalArgumentException("--clients must be >= 1, got " + clients);
            }
            if (!(rate > 0)) {
                throw new IllegalArgumentException("--rate must be > 0 uploads/s per client, got " + rate);
            }
            if (duration.toSeconds() < 10) {
                throw new IllegalArgumentException("--duration-s must be >= 10, got " + duration.toSeconds());
            }
        }
    }

    private final Path root;
    private final Path home;
    private final Settings s;

    public ChaosRun(Path root, Path home, Settings settings) {
        this.root = root;
        this.home = home;
        this.s = settings;
    }

    public ChaosReport run() throws Exception {
        UpSystem up = UpSystem.of(root, home);
        UploadLedger ledger = new UploadLedger();
        PhotoPlan plan = new PhotoPlan(s.seed(), Math.max(4, s.clients() * 4));
        RetryingUploader uploader = new RetryingUploader(up.env("GATEWAY_URL"), up.env("SNAPMAP_API_KEY"), RetryPolicy.standard(), ledger);
        Instant runStart = Instant.now();
        long t0 = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        long intervalNanos = (long) (1e9 / s.rate());
        for (int c = 0; c < s.clients(); c++) {
            Thread t = new Thread(() -> {
                long next = System.nanoTime();
                while (!stop.get()) {
                    uploader.upload(plan.next(Instant.now()));
                    next += intervalNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
            }, "chaos-client-" + c);
            t.start();
            clients.add(t);
        }
        System.out.printf("chaos: %d clients uploading at %.1f/s each to %s; faults: %s%n", s.clients(), s.rate(),
                up.env("GATEWAY_URL"), s.faults().faults().stream().map(f -> f.service).toList());
        FaultInjector injector = new FaultInjector(up, ledger, s.recoveryTimeout(), s.sweepGraceS());
        CompletableFuture<List<FaultResult>> faults = CompletableFuture.supplyAsync(() -> injector.run(s.faults(), t0, s.duration()));
        LockSupport.parkNanos(s.duration().toNanos());
        List<FaultResult> results = faults.get(); // the load goes on until the last fault has recovered
        stop.set(true);
        for (Thread t : clients) {
            t.join();
        }
        long loadEnd = System.nanoTime();
        Duration load = Duration.ofNanos(loadEnd - t0);
        System.out.printf("chaos: load ended after %.0f s, %d acknowledged; waiting for the system to be healthy%n",
                load.toMillis() / 1e3, ledger.acknowledged().size());

        long r0 = System.nanoTime();
        boolean healthy = await(s.recoveryTimeout(), () -> up.allServicesRunning() && up.jobRunning() && up.gatewayHealthy());
        Duration finalRecovery = Duration.ofNanos(System.nanoTime() - r0);
        // Every acknowledged upload past the sweep's grace, so that the sweep re-drives any the gateway did not announce.
        long graceOver = loadEnd + Duration.ofSeconds(s.sweepGraceS() + 1).toNanos();
        while (System.nanoTime() - graceOver < 0) {
            LockSupport.parkNanos(graceOver - System.nanoTime());
        }
        Process sweep = up.startSweep(s.sweepGraceS());
        int sweepExit = sweep.waitFor(5, TimeUnit.MINUTES) ? sweep.exitValue() : -1;
        if (sweepExit == -1) {
            sweep.destroyForcibly();
        }
        System.out.println("chaos: sweep exit " + sweepExit + "; waiting for the job to catch up with photo-uploads");

        // The job restarting with its back-off after faults close together (up to a minute between
        // attempts, docs/DELIVERY.md "Chaos") is not a loss: wait until it has durably handled
        // everything on photo-uploads, the sweep's re-drives included, before judging.
        long c0 = System.nanoTime();
        long catchUpDeadline = c0 + s.recoveryTimeout().toNanos();
        Map<Integer, Long> mark = up.uploadsEnd();
        while (mark.isEmpty() && System.nanoTime() < catchUpDeadline) {
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            mark = up.uploadsEnd();
        }
        Map<Integer, Long> target = mark;
        boolean caughtUp = !target.isEmpty()
                && await(Duration.ofNanos(catchUpDeadline - System.nanoTime()), () -> CaughtUp.reached(up.jobCommitted(), target));
        Duration catchUp = Duration.ofNanos(System.nanoTime() - c0);
        System.out.printf("chaos: job %s photo-uploads %s after %.1f s; checking every acknowledged upload%n",
                caughtUp ? "caught up with" : "NOT caught up with", target, catchUp.toMillis() / 1e3);

        SystemReader reader = new SystemReader(up);
        List<Acknowledged> acked = ledger.acknowledged();
        long deadline = System.nanoTime() + s.settleTimeout().toNanos();
        CheckResult check = reader.check(acked, plan, runStart);
        while (!check.passed() && System.nanoTime() < deadline) { // the job may still be settling labels
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            check = reader.check(acked, plan, runStart);
        }
        reader.describe(check.withoutEvent()).forEach(d -> System.out.println("chaos: without event: " + d));
        return new ChaosReport(s.clients(), load, results, ledger.retries(), ledger.givenUp(), finalRecovery, healthy, sweepExit,
                caughtUp, catchUp, check);
    }

    private static boolean await(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        return condition.getAsBoolean();
    }
}
