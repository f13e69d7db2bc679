package com.snapmap.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a process id stands for now: whether it is alive and runs what we started (pids are
 * reused), its command line and resident memory (from Linux {@code /proc}), and pid files.
 */
public final class ProcessInspection {

    private ProcessInspection() {}

    /** True if {@code pid} is alive and (where /proc exists) runs {@code mainClass}: guards against pid reuse. */
    public static boolean isAlive(long pid, String mainClass) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().isAlive()) {
            return false;
        }
        Path cmdline = cmdlineFile(pid);
        if (!Files.exists(cmdline)) {
            return true;
        }
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).contains(mainClass);
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line of a live process (its arguments joined by NUL), empty if it is gone or /proc cannot tell. */
    public static Optional<String> commandLine(long pid) {
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (pid <= 0 || ph.isEmpty() || !ph.get().isAlive()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Files.readAllBytes(cmdlineFile(pid)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Resident set size of a process in KiB (Linux), or -1. */
    public static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux or gone
        }
        return -1;
    }

    /** The pid a pid file holds, empty if there is none or it does not hold a number. */
    public static Optional<Long> readPid(Path f) {
        try {
            return Files.isRegularFile(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path cmdlineFile(long pid) {
        return Path.of("/proc", Long.toString(pid), "cmdline");
    }
}
