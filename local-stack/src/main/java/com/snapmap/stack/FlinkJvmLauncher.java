package com.snapmap.stack;

import org.apache.flink.configuration.Configuration;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Launches a JobManager or TaskManager JVM the way Flink's {@code bin/jobmanager.sh} / {@code
 * bin/taskmanager.sh} do: memory flags and dynamic properties from {@code BashJavaUtils}, the
 * {@code env.java.opts.*} of the configuration, {@code -Dlog.file}, and {@code lib/*} as class
 * path; its output appended to {@code log/<role>.out} of the work dir.
 */
public final class FlinkJvmLauncher {

    public static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    public static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String EXEC_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

    /** Java 17 opens every Flink JVM needs (see STACK.md); also in config.yaml env.java.opts.all. */
    public static final List<String> JAVA17_OPENS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");

    private final WorkDir workDir;
    private final Path libDir;

    FlinkJvmLauncher(WorkDir workDir, Path libDir) {
        this.workDir = workDir;
        this.libDir = libDir;
    }

    /** The main class of {@code role} ("jobmanager" or "taskmanager"). */
    public static String mainClass(String role) {
        return role.equals("jobmanager") ? JM_MAIN : TM_MAIN;
    }

    /** Fails with how to build them when the lib dir holds no Flink runtime jars. */
    void requireRuntimeJars() {
        if (listJars().stream().noneMatch(n -> n.startsWith("flink-runtime-"))) {
            throw new IllegalStateException("no Flink runtime jars in " + libDir
                    + " (build them: mvn -pl local-stack -am verify -DskipTests)");
        }
    }

    /**
     * Starts {@code role} with the {@code memoryParams} of {@link #bashJavaUtils} (JVM flags, then
     * optionally the "-D key=value" dynamic properties) and the {@code javaOpts} of {@link #javaOpts}.
     */
    Process launch(String role, List<String> memoryParams, List<String> javaOpts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.addAll(split(memoryParams.get(0)));
        cmd.addAll(javaOpts);
        cmd.addAll(logProps(role));
        cmd.add("-cp");
        cmd.add(libDir + File.separator + "*");
        cmd.add(mainClass(role));
        cmd.add("--configDir");
        cmd.add(workDir.confDir().toString());
        if (memoryParams.size() > 1) {
            cmd.addAll(split(memoryParams.get(1))); // "-D key=value" dynamic properties
        }
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.root().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.logDir().resolve(role + ".out").toFile()))
                .redirectErrorStream(true);
        pb.environment().put("FLINK_CONF_DIR", workDir.confDir().toString());
        pb.environment().put("FLINK_LIB_DIR", libDir.toString());
        pb.environment().put("FLINK_LOG_DIR", workDir.logDir().toString());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role, e);
        }
    }

    /** Runs BashJavaUtils like Flink's config.sh and returns its result lines (JVM flags, dynamic props). */
    List<String> bashJavaUtils(String command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin());
        cmd.add("-Xmx128m");
        cmd.addAll(JAVA17_OPENS);
        cmd.addAll(logProps("bash-java-utils"));
        cmd.addAll(List.of("-cp", libDir + File.separator + "*", BASH_JAVA_UTILS, command,
                "--configDir", workDir.confDir().toString()));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int rc = p.waitFor();
            List<String> result = out.lines().filter(l -> l.startsWith(EXEC_PREFIX))
                    .map(l -> l.substring(EXEC_PREFIX.length())).toList();
            if (rc != 0 || result.isEmpty()) {
                throw new IllegalStateException("Flink memory settings rejected (BashJavaUtils " + command + "): "
                        + out.lines().filter(l -> l.startsWith("Exception in thread"))
                                .map(l -> l.replaceFirst("^Exception in thread \"[^\"]*\" ", "")).findFirst()
                                .orElse(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output")));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The Java 17 opens, then {@code env.java.opts.all}, then {@code env.java.opts.<role>}, each flag once. */
    static List<String> javaOpts(Configuration conf, String role) {
        LinkedHashSet<String> opts = new LinkedHashSet<>(JAVA17_OPENS);
        opts.addAll(split(conf.getString("env.java.opts.all", "")));
        opts.addAll(split(conf.getString("env.java.opts." + role, "")));
        return new ArrayList<>(opts);
    }

    private List<String> logProps(String role) {
        String log4j = workDir.confDir().resolve("log4j.properties").toUri().toString();
        return List.of("-Dlog.file=" + workDir.logDir().resolve(role + ".log"),
                "-Dlog4j.configuration=" + log4j, "-Dlog4j.configurationFile=" + log4j);
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> listJars() {
        try (var s = Files.list(libDir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
