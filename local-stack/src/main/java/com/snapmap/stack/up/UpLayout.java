package com.snapmap.stack.up;

import com.snapmap.stack.WorkDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where {@code ./snapmap up} finds the built repository ({@code root}) and keeps everything it
 * writes ({@code home}, default {@code .snapmap}): data of every service, logs, state, settings.
 */
public record UpLayout(Path root, Path home) {

    public UpLayout {
        root = root.toAbsolutePath().normalize();
        home = home.toAbsolutePath().normalize();
    }

    // ---- what up writes, under home ----
    public Path logDir() { return home.resolve("log"); }
    public Path log(String service) { return logDir().resolve(service + ".log"); }
    public Path stateFile() { return home.resolve("up").resolve("state.properties"); }
    public Path upEnv() { return home.resolve("up.env"); }
    public Path apiKeyFile() { return home.resolve("api-key"); }
    public WorkDir flinkWork() { return new WorkDir(home.resolve("flink")); }
    public Path lastSavepointFile() { return home.resolve("flink").resolve("last-savepoint"); }
    public Path kafkaDir() { return home.resolve("kafka"); }
    public Path mongoFile() { return home.resolve("mongo").resolve("snapmap.h2"); }
    public Path azuriteDir() { return home.resolve("azurite"); }

    // ---- what the build made, under root ----
    public Path flinkLib() { return root.resolve("local-stack/target/flink-lib"); }
    public Path flinkConf() { return root.resolve("flink-conf"); }
    public Path log4jConfig() { return root.resolve("clustering-job/cli/log4j2.properties"); }
    public Path azuriteMain() { return root.resolve("upload-gateway/node_modules/azurite/dist/src/blob/main.js"); }
    /** Runs Azurite so that it persists each write before replying (snapmap-testkit's resource). */
    public Path durableAzurite() { return root.resolve("snapmap-testkit/target/classes/durable-azurite.js"); }

    /** The clustering job's shaded jar. */
    public Path jobJar() {
        Path dir = root.resolve("clustering-job/target");
        try (Stream<Path> s = Files.list(dir)) {
            Optional<Path> jar = s.filter(p -> p.getFileName().toString().matches("clustering-job-.*-job\\.jar")).findFirst();
            return jar.orElseThrow(() -> new IllegalStateException("no clustering-job-*-job.jar in " + dir + " (build it)"));
        } catch (IOException e) {
            throw new IllegalStateException("no " + dir + " (build the clustering job)");
        }
    }

    /** A module's run class path: its classes and the runtime-classpath.txt its package phase wrote. */
    public String classPath(String module) {
        Path file = root.resolve(module).resolve("target/runtime-classpath.txt");
        try {
            return root.resolve(module).resolve("target/classes") + ":" + Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no " + file + " (build " + module + ")");
        }
    }

    void createFolders() {
        try {
            for (Path p : new Path[] {logDir(), stateFile().getParent(), kafkaDir(), mongoFile().getParent(), azuriteDir()}) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home, e);
        }
    }
}
