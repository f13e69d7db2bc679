package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorTest {

    @Test
    void everyJvmItStartsExitsOnOutOfMemory(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("sweeper/target"));
        Files.writeString(root.resolve("sweeper/target/runtime-classpath.txt"), "a.jar");
        Supervisor s = new Supervisor(new UpLayout(root, root.resolve(".snapmap")), UpPorts.usual(), "key",
                Duration.ofMinutes(5), new PrintStream(OutputStream.nullOutputStream()));

        assertThat(s.javaCommand("sweeper", 192, "com.snapmap.sweeper.SweeperMain")).contains("-XX:+ExitOnOutOfMemoryError");
    }
}
