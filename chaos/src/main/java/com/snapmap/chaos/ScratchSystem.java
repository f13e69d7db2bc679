package com.snapmap.chaos;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A whole system of its own for one run: {@code ./snapmap up --free-ports} in a fresh
 * {@code SNAPMAP_HOME}, and {@code ./snapmap down} afterwards, then the folder removed (its logs
 * copied to {@code keepLogs} when given).
 */
public final class ScratchSystem implements AutoCloseable {

    private final Path root;
    private final Path home;
    private final Path keepLogs;

    private ScratchSystem(Path root, Path home, Path keepLogs) {
        this.root = root;
        this.home = home;
        this.keepLogs = keepLogs;
    }

    public static ScratchSystem up(Path root, Path keepLogs) throws IOException, InterruptedException {
        ScratchSystem s = new ScratchSystem(root, Files.createTempDirectory("snapmap-chaos-"), keepLogs);
        if (s.snapmap("up", "--free-ports") != 0) {
            s.close();
            throw new IllegalStateException("./snapmap up failed in " + s.home + " (its output is above)");
        }
        return s;
    }

    public Path home() {
        return home;
    }

    private int snapmap(String... args) throws IOException, InterruptedException {
        List<String> cmd = Stream.concat(Stream.of(root.resolve("snapmap").toString()), Stream.of(args)).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("SNAPMAP_HOME", home.toString());
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return -1;
        }
        return p.exitValue();
    }

    /** Live processes whose command line names the home: what up started and down did not stop. */
    public List<Long> leftovers() {
        String marker = home + "/";
        return ProcessHandle.allProcesses().filter(ph -> {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(ph.pid()), "cmdline")), StandardCharsets.UTF_8)
                        .replace('\0', ' ').contains(marker);
            } catch (IOException e) {
                return false;
            }
        }).map(ProcessHandle::pid).toList();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        snapmap("down");
        for (long pid : leftovers()) {
            System.out.println("chaos: killing leftover pid " + pid + " of " + home);
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        keep(home.resolve("log"), "", name -> true);
        // the JobManager's and TaskManager's own logs (not RocksDB's): what the job did with a lost photo
        keep(home.resolve("flink").resolve("log"), "flink-", name -> name.startsWith("jobmanager") || name.startsWith("taskmanager"));
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private void keep(Path logDir, String prefix, java.util.function.Predicate<String> named) throws IOException {
        if (keepLogs != null && Files.isDirectory(logDir)) {
            Files.createDirectories(keepLogs);
            try (Stream<Path> logs = Files.list(logDir)) {
                for (Path log : logs.filter(f -> Files.isRegularFile(f) && named.test(f.getFileName().toString())).toList()) {
                    Files.copy(log, keepLogs.resolve(prefix + log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
