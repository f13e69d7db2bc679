package com.snapmap.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Folder layout of one local Flink session cluster (default {@code .snapmap/flink} in the repo).
 *
 * <pre>
 * conf/          generated config.yaml + log4j files (the --configDir of JM and TM)
 * log/           jobmanager.log/.out, taskmanager.log/.out, bash-java-utils.log
 * checkpoints/   execution.checkpointing.dir
 * savepoints/    execution.checkpointing.savepoint-dir (default target of savepoints)
 * rocksdb/, tmp/ RocksDB working files, io.tmp.dirs, uploaded jars
 * jobmanager.pid, taskmanager.pid, cluster.properties (REST URL, for other processes)
 * </pre>
 */
public record WorkDir(Path root) {

    public WorkDir {
        root = root.toAbsolutePath().normalize();
    }

    public Path confDir() { return root.resolve("conf"); }
    public Path logDir() { return root.resolve("log"); }
    public Path checkpointsDir() { return root.resolve("checkpoints"); }
    public Path savepointsDir() { return root.resolve("savepoints"); }
    public Path tmpDir() { return root.resolve("tmp"); }
    public Path clusterFile() { return root.resolve("cluster.properties"); }
    public Path pidFile(String role) { return root.resolve(role + ".pid"); }

    void createFolders() throws IOException {
        for (Path p : new Path[] {confDir(), logDir(), checkpointsDir(), savepointsDir(), tmpDir()}) {
            Files.createDirectories(p);
        }
    }

    /** Creates the folders, wrapping the checked exception. */
    void ensureFolders() {
        try {
            createFolders();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
    }
}
