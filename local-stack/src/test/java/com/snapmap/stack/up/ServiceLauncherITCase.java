package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With free ports, a service whose port was taken after it was chosen is started again on a fresh
 * one, its command and readiness read for that port, and the addresses follow: a small JVM of
 * its own ({@link BindsPort}) started as up starts every service.
 */
class ServiceLauncherITCase {

    @TempDir
    Path root;

    private final Map<String, SupervisedProcess> services = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        services.values().stream().filter(SupervisedProcess::alive).forEach(p -> p.process().destroyForcibly());
    }

    @Test
    void aServiceWhosePortWasTakenStartsOnAFreshOneAndItsAddressFollows() throws Exception {
        Path testClasses = Path.of(BindsPort.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.createDirectories(root.resolve("binds-port/target"));
        Files.writeString(root.resolve("binds-port/target/runtime-classpath.txt"), testClasses.toString());
        UpLayout layout = new UpLayout(root, root.resolve(".snapmap"));
        layout.createFolders();
        UpPorts chosen = UpPorts.free();
        try (ServerSocket taken = new ServerSocket(chosen.mongo(), 1, InetAddress.getLoopbackAddress())) {
            ServiceLauncher launcher = new ServiceLauncher(layout, chosen, true, HealthThresholds.DEFAULTS, services, System.out,
                    System.nanoTime());

            launcher.startOnPort("mongo", () -> launcher.javaCommand("binds-port", 32, BindsPort.class.getName(),
                    Integer.toString(launcher.ports().mongo())), Map::of, () -> launcher.logSays("mongo", "ready on"), "mongo");

            int fresh = launcher.ports().mongo();
            assertThat(fresh).isNotEqualTo(taken.getLocalPort());
            assertThat(services.get("mongo").alive()).isTrue();
            assertThat(Readiness.portOpen(fresh).getAsBoolean()).isTrue();
            assertThat(launcher.addresses().mongoUri()).isEqualTo("mongodb://127.0.0.1:" + fresh);
        }
    }
}
