package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chosen port taken by something else before the service binds it: the start (the MongoDB-wire
 * server of up, in its own JVM, which exits when it cannot bind) is retried on a fresh port.
 */
class PortRetryITCase {

    @TempDir
    Path dir;

    private final List<SupervisedProcess> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.stream().filter(SupervisedProcess::alive).forEach(p -> p.process().destroyForcibly());
    }

    @Test
    void aStartOnATakenPortIsRetriedOnAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(UpPorts.free().mongo(), 1, InetAddress.getLoopbackAddress())) {
            List<Integer> retries = new ArrayList<>();
            int port = PortRetry.start("mongo", taken.getLocalPort(), () -> UpPorts.free().mongo(),
                    p -> startMongo(p).start(Duration.ofSeconds(60)), retries::add);

            assertThat(port).isNotEqualTo(taken.getLocalPort());
            assertThat(retries).containsExactly(port);
            assertThat(started.get(started.size() - 1).alive()).isTrue();
        }
    }

    private SupervisedProcess startMongo(int port) {
        Path log = dir.resolve("mongo-" + port + ".log");
        SupervisedProcess p = new SupervisedProcess("mongo", () -> new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), "com.snapmap.testkit.LocalServersMain", "mongo",
                dir.resolve("m.h2").toString(), Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start(), () -> says(log, "mongo ready on"));
        started.add(p);
        return p;
    }

    private static boolean says(Path log, String marker) {
        try {
            return Files.exists(log) && Files.readString(log).contains(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
