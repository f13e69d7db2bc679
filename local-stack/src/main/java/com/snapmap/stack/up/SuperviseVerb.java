package com.snapmap.stack.up;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code supervise} (hidden): the supervisor process itself, which {@link UpVerb} starts. */
@Command(name = "supervise", hidden = true, description = "the supervisor process itself (started by up)")
final class SuperviseVerb implements Callable<Integer> {
    @Mixin UpDirs dirs;
    @Option(names = "--ports", required = true)
    String ports;
    @Option(names = "--sweep-interval-s", defaultValue = "300")
    int sweepIntervalS;
    @Option(names = "--free-ports", description = "the ports were chosen free: retry a start that fails on one with another")
    boolean freePorts;
    @Mixin HealthOptions health;

    @Override
    public Integer call() {
        String key = System.getenv("SNAPMAP_API_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("SNAPMAP_API_KEY is not set");
        }
        PrintStream out = System.out;
        return new Supervisor(dirs.layout(), UpPorts.parse(ports), freePorts, key, Duration.ofSeconds(sweepIntervalS),
                health.thresholds(), out).run();
    }
}
