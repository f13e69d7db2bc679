package com.snapmap.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One chaos run against the system up runs in a home: clients upload while the faults are
 * injected; then it waits for the system to be healthy, runs one sweep, and checks every
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
        Duration load = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("chaos: load ended after %.0f s, %d acknowledged; waiting for the system to be healthy%n",
                load.toMillis() / 1e3, ledger.acknowledged().size());

        long r0 = System.nanoTime();
        boolean healthy = await(s.recoveryTimeout(), () -> up.allServicesRunning() && up.jobRunning() && up.gatewayHealthy());
        Duration finalRecovery = Duration.ofNanos(System.nanoTime() - r0);
        Process sweep = up.startSweep(s.sweepGraceS());
        int sweepExit = sweep.waitFor(5, TimeUnit.MINUTES) ? sweep.exitValue() : -1;
        if (sweepExit == -1) {
            sweep.destroyForcibly();
        }
        System.out.println("chaos: sweep exit " + sweepExit + "; checking every acknowledged upload");

        SystemReader reader = new SystemReader(up);
        List<Acknowledged> acked = ledger.acknowledged();
        long deadline = System.nanoTime() + s.settleTimeout().toNanos();
        CheckResult check = reader.check(acked, plan, runStart);
        while (!check.passed() && System.nanoTime() < deadline) { // the job may still be settling labels
            LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
            check = reader.check(acked, plan, runStart);
        }
        return new ChaosReport(s.clients(), load, results, ledger.retries(), ledger.givenUp(), finalRecovery, healthy, sweepExit, check);
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
