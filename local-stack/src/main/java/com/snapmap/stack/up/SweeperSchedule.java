package com.snapmap.stack.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs the sweeper every interval, one run at a time, each run its own short-lived process (as a
 * cron job or Kubernetes CronJob would), its output appended to {@code log/sweeper.log}.
 */
final class SweeperSchedule {

    private final List<String> command;
    private final Path log;
    private final Duration interval;
    private Process running;
    private Instant nextRun;
    private volatile String last = "not run yet";

    SweeperSchedule(List<String> command, Path log, Duration interval, Instant firstRun) {
        this.command = command;
        this.log = log;
        this.interval = interval;
        this.nextRun = firstRun;
    }

    void tick(Instant now) {
        if (running != null && !running.isAlive()) {
            last = Instant.now() + " exit " + running.exitValue() + ": " + lastLine();
            running = null;
        }
        if (running == null && !now.isBefore(nextRun)) {
            nextRun = now.plus(interval);
            try {
                running = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            } catch (IOException e) {
                last = now + " cannot start: " + e.getMessage();
            }
        }
    }

    long pid() {
        Process p = running;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    String describe() {
        return "every " + interval.toSeconds() + " s, next " + nextRun + ", last run " + last;
    }

    private String lastLine() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "";
        }
    }
}
