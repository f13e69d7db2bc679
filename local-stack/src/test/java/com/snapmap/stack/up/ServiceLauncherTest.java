package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLauncherTest {

    @Test
    void everyJvmItStartsExitsOnOutOfMemory(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("sweeper/target"));
        Files.writeString(root.resolve("sweeper/target/runtime-classpath.txt"), "a.jar");
        ServiceLauncher s = new ServiceLauncher(new UpLayout(root, root.resolve(".snapmap")), UpPorts.usual(), false,
                HealthThresholds.DEFAULTS, new ConcurrentHashMap<>(), new PrintStream(OutputStream.nullOutputStream()), System.nanoTime());

        assertThat(s.javaCommand("sweeper", 192, "com.snapmap.sweeper.SweeperMain")).contains("-XX:+ExitOnOutOfMemoryError");
    }
}
