package com.snapmap.chaos;

import com.snapmap.cli.OneLineUsageErrors;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./snapmap chaos}: breaks the system {@code ./snapmap up} runs on purpose, under load,
 * and checks every acknowledged upload (docs/DELIVERY.md, "Chaos"). Exit 0 when everything held,
 * 1 when a check failed, 2 on bad usage.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "kill -9 each process of ./snapmap up in turn under load, then check every acknowledged upload")
public final class ChaosMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, hidden = true, description = "the built repository (the launcher passes it)")
    Path root;
    @Option(names = "--home", required = true, hidden = true, description = "the SNAPMAP_HOME of the running system (the launcher passes it)")
    Path home;
    @Option(names = "--scratch", description = "start a system of its own (./snapmap up --free-ports in a fresh folder) and stop it after")
    boolean scratch;
    @Option(names = "--clients", defaultValue = "4", description = "retrying clients uploading at once (default: ${DEFAULT-VALUE})")
    int clients;
    @Option(names = "--duration-s", defaultValue = "180", description = "seconds of load at least; it goes on until the last fault has recovered (default: ${DEFAULT-VALUE})")
    long durationS;
    @Option(names = "--rate", defaultValue = "2", description = "uploads per second per client (default: ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--faults", defaultValue = FaultPlan.ALL, description = "the processes killed, in order (default: ${DEFAULT-VALUE})")
    String faults;
    @Option(names = "--recovery-timeout-s", defaultValue = "180", description = "how long a fault may take to recover (default: ${DEFAULT-VALUE})")
    long recoveryTimeoutS;
    @Option(names = "--settle-timeout-s", defaultValue = "120", description = "how long the checks may wait for the system to settle (default: ${DEFAULT-VALUE})")
    long settleTimeoutS;
    @Option(names = "--sweep-grace-s", defaultValue = "30", description = "the sweeps' --grace-s, so that the final sweep re-drives this run's unannounced photos (default: ${DEFAULT-VALUE})")
    long sweepGraceS;
    @Option(names = "--seed", description = "seed of the photo plan (default: the start time)")
    Long seed;

    public static void main(String[] args) {
        System.exit(commandLine(System.err).execute(args));
    }

    /** The verb's command line: a bad option is one line on {@code err}, exit 2; a failed run one line, exit 1. */
    static CommandLine commandLine(PrintStream err) {
        CommandLine cl = OneLineUsageErrors.forVerb(new CommandLine(new ChaosMain()), "chaos", err);
        return cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            err.println("snapmap chaos: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
    }

    @Override
    public Integer call() throws Exception {
        FaultPlan plan;
        try {
            plan = FaultPlan.parse(faults);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--faults: " + e.getMessage(), e);
        }
        ChaosRun.Settings settings = new ChaosRun.Settings(clients, Duration.ofSeconds(durationS), rate, plan,
                Duration.ofSeconds(recoveryTimeoutS), Duration.ofSeconds(settleTimeoutS), sweepGraceS,
                seed == null ? System.currentTimeMillis() : seed);
        ChaosReport report;
        if (scratch) {
            try (ScratchSystem system = ScratchSystem.up(root, home.resolve("chaos-logs"))) {
                report = new ChaosRun(root, system.home(), settings).run();
            }
        } else {
            report = new ChaosRun(root, home, settings).run();
        }
        report.lines().forEach(System.out::println);
        return report.passed() ? 0 : 1;
    }
}
