package com.snapmap.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./snapmap VERB ...} as a user would, with {@code SNAPMAP_HOME} pointing at the test's folder. */
final class Launcher {

    /** What one run printed (stdout and stderr together) and how it ended. */
    record Run(int exitCode, String output) {}

    private final Path root;
    private final Path home;
    private final Path transcripts;

    Launcher(Path root, Path home, Path transcripts) {
        this.root = root;
        this.home = home;
        this.transcripts = transcripts;
    }

    Run run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("snapmap").toString()));
        cmd.addAll(List.of(args));
        Files.createDirectories(transcripts);
        Path out = transcripts.resolve(String.join("-", args).replaceAll("[^a-z-]", "") + "-" + System.nanoTime() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("SNAPMAP_HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("./snapmap " + String.join(" ", args) + " did not end within " + timeout
                    + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println("$ ./snapmap " + String.join(" ", args) + "  (exit " + p.exitValue() + ")\n" + text);
        return new Run(p.exitValue(), text);
    }

    /** Pids of live processes whose command line names the home: what up started and did not stop. */
    List<Long> processesOfHome() {
        String marker = home.toString() + "/";
        return ProcessHandle.allProcesses().filter(ph -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(ph.pid()), "cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }
}
