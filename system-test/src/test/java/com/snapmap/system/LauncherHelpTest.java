package com.snapmap.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** {@code ./snapmap --help} and each verb's {@code --help}: the launcher's one front door, answered without a build. */
class LauncherHelpTest {

    private static final Path ROOT = Path.of(System.getProperty("snapmap.root", "..")).toAbsolutePath().normalize();

    static final List<String> VERBS = List.of("up", "down", "status", "demo", "chaos", "cluster", "generate", "bench",
            "sweep", "gateway", "servers", "flink-start", "flink-stop", "flink-status", "jobs", "submit", "savepoint",
            "stop-job", "cancel", "flink-help");

    @TempDir
    Path home;

    /** What one run of the launcher printed on each stream, and its exit code. */
    private record Run(int exitCode, String out, String err) {}

    @Test
    void helpListsEveryVerbOnALineOfItsOwn() throws Exception {
        Run run = snapmap("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        for (String verb : VERBS) {
            assertThat(run.out()).containsPattern("(?m)^  " + verb + " +\\S");
        }
    }

    @ParameterizedTest
    @FieldSource("VERBS")
    void eachVerbsHelpIsItsUsageOnStdout(String verb) throws Exception {
        Run run = snapmap(verb, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("usage: ./snapmap " + verb);
        assertThat(run.err()).doesNotContain("building");
    }

    /** Once the tree is built (these modules come before this one), each verb's help ends with its program's options. */
    @ParameterizedTest
    @CsvSource({"up, --sweep-interval-s=", "down, Usage: snapmap down", "status, Usage: snapmap status", "demo, --singles=",
            "cluster, --input=FILE", "generate, --photos=", "sweep, --mongo.uri=", "gateway, --api-keys=",
            "flink-start, --timeout=SECONDS", "flink-stop, Usage: snapmap flink-stop", "flink-status, Usage: snapmap flink-status",
            "jobs, Usage: snapmap jobs", "submit, --parallelism=N", "savepoint, --target=DIR", "stop-job, --target=DIR",
            "cancel, Usage: snapmap cancel", "flink-help, --rest=URL"})
    void aBuiltVerbsHelpListsItsProgramsOptions(String verb, String option) throws Exception {
        Run run = snapmap(verb, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains(option);
    }

    @ParameterizedTest
    @CsvSource({"up, --root", "demo, --env", "submit, --work-dir", "jobs, --lib-dir"})
    void theOptionsTheLauncherPassesItselfAreNotListed(String verb, String option) throws Exception {
        Run run = snapmap(verb, "--help");

        assertThat(run.out()).doesNotContain(option);
    }

    /**
     * A bad option or value is one line on stderr naming it and the verb's help, exit 2, before anything
     * is started or sent (the verbs whose launcher path builds nothing once the tree is built). The others'
     * command lines are tested in their own modules: sweep, gateway, bench, cluster, generate, and chaos
     * (whose module the reactor builds after this one).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "flink-start --bogus|'--bogus'", "flink-start --timeout x|'x'", "flink-start -Dnovalue|KEY=VALUE",
            "flink-stop --bogus|'--bogus'", "flink-status --bogus|'--bogus'", "jobs --bogus|'--bogus'",
            "submit --bogus|'--bogus'", "submit --parallelism 0|'0'",
            "savepoint not-a-job|'not-a-job'", "savepoint 0123456789abcdef0123456789abcdef --bogus|'--bogus'",
            "stop-job 0123456789abcdef0123456789abcdef --bogus|'--bogus'", "cancel 0123456789abcdef0123456789abcdef --bogus|'--bogus'",
            "flink-help --bogus|'--bogus'", "down --bogus|'--bogus'", "status --bogus|'--bogus'",
            "demo --bogus|'--bogus'", "demo --singles x|'x'", "servers --bogus|'--bogus'", "servers one two|'two'"})
    void aBadOptionIsOneLineNamingItAndExitTwo(String commandLine, String named) throws Exception {
        String verb = commandLine.split(" ")[0];
        Run run = snapmap(commandLine.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("snapmap: ").contains(named)
                .endsWith("(try ./snapmap " + verb + " --help)");
    }

    /** The options come first: with them right, a demo with nothing up says so, in one line. */
    @Test
    void aDemoWithNothingUpIsOneLineAndExitOne() throws Exception {
        Run run = snapmap("demo");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).doesNotContain("\n").contains("run ./snapmap up first");
    }

    @Test
    void shortHelpIsTheSameAsLongHelp() throws Exception {
        assertThat(snapmap("sweep", "-h")).isEqualTo(snapmap("sweep", "--help"));
    }

    @Test
    void anUnknownVerbIsOneLineOnStderrAndExitTwo() throws Exception {
        Run run = snapmap("no-such-verb");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").contains("'no-such-verb'");
    }

    @Test
    void anUnknownVerbWithHelpIsStillAnError() throws Exception {
        Run run = snapmap("no-such-verb", "--help");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").contains("'no-such-verb'");
    }

    @Test
    void noVerbIsOneLineOnStderrAndExitTwo() throws Exception {
        Run run = snapmap();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).doesNotContain("\n").contains("--help");
    }

    private Run snapmap(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("snapmap").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("SNAPMAP_HOME", home.toString());
        pb.environment().put("SNAPMAP_FLINK_WORK_DIR", home.resolve("flink").toString());
        pb.environment().remove("SNAPMAP_FLINK_REST");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("./snapmap " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
