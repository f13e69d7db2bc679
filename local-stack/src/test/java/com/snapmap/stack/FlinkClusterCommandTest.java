package com.snapmap.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FlinkClusterCommandTest {

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FlinkClusterCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("SNAPMAP_FLINK_WORK_DIR", tmp.resolve("flink").toString()));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertUsageError(Result r, String fragment) {
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(fragment);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    /** Every option is checked as it is parsed, by picocli: one line naming it, exit 2, nothing started or sent. */
    @Test
    void badCommandLinesExitWithTwoAndOneLine() {
        assertUsageError(run(), "missing verb");
        assertUsageError(run("frobnicate"), "'frobnicate'");
        assertUsageError(run("--bogus", "x", "jobs"), "'--bogus'");
        assertUsageError(run("submit"), "'--jar=JAR'");
        assertUsageError(run("submit", "--jar"), "'--jar'");
        assertUsageError(run("submit", "--jar", "x.jar", "--parallelism", "0"), "'0' is not a positive integer");
        assertUsageError(run("submit", "--jar", "x.jar", "extra"), "job args go after --");
        assertUsageError(run("submit", "--jar", "x.jar", "--paralelism", "2"), "'--paralelism'");
        assertUsageError(run("savepoint", "not-a-job"), "is not a job id");
        assertUsageError(run("stop-job"), "JOBID");
        assertUsageError(run("cancel", "0123456789abcdef0123456789abcdef", "more"), "'more'");
        assertUsageError(run("flink-start", "--timeout", "abc"), "'abc' is not a positive integer");
        assertUsageError(run("flink-start", "-Dno-value"), "KEY=VALUE");
        assertUsageError(run("flink-status", "x"), "'x'");
        assertUsageError(run("jobs", "--bogus"), "'--bogus'");
    }

    @Test
    void aUsageErrorNamesTheVerbsHelp() {
        assertThat(run("submit", "--parallelism", "x").err()).contains("(try ./snapmap submit --help)");
        assertThat(run("frobnicate").err()).contains("(try ./snapmap flink-help)");
    }

    @Test
    void eachVerbsHelpListsItsOptions() {
        Result submit = run("submit", "--help");
        assertThat(submit.code()).isZero();
        assertThat(submit.out()).startsWith("Usage: snapmap submit").contains("--parallelism=N", "--savepoint=PATH", "JOB_ARG");
        assertThat(run("stop-job", "-h").out()).startsWith("Usage: snapmap stop-job").contains("JOBID", "--target=DIR");
        assertThat(run("flink-start", "--help").out()).contains("-D=key=value", "--timeout=SECONDS");
    }

    @Test
    void operationalFailuresExitWithOne() {
        Result noCluster = run("jobs");
        assertThat(noCluster.code()).isEqualTo(1);
        assertThat(noCluster.err()).startsWith("snapmap: error: no Flink session cluster recorded");

        Result noJar = run("submit", "--jar", tmp.resolve("missing.jar").toString());
        assertThat(noJar.code()).isEqualTo(1);
        assertThat(noJar.err()).contains("no such jar");

        int port = LocalFlinkConfig.freePort();
        Result down = run("--rest", "http://127.0.0.1:" + port, "jobs");
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.err()).contains("no Flink REST API at");

        Result stop = run("flink-stop");
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).contains("no Flink session cluster was running");
    }

    @Test
    void helpPrintsUsage() {
        Result r = run("flink-help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--rest=URL", "SNAPMAP_FLINK_REST");
        for (String verb : new String[] {"flink-start", "flink-stop", "flink-status", "jobs", "submit", "savepoint", "stop-job", "cancel"}) {
            assertThat(r.out()).containsPattern("(?m)^  " + verb + " +\\S");
        }
    }

    @Test
    void savepointPathsBecomeAbsoluteUris() {
        assertThat(FlinkClusterCommand.savepointUri("s3://bucket/sp-1")).isEqualTo("s3://bucket/sp-1");
        assertThat(FlinkClusterCommand.savepointUri("file:/x/sp-1")).isEqualTo("file:/x/sp-1");
        assertThat(FlinkClusterCommand.savepointUri("rel/sp-1"))
                .isEqualTo(Path.of("rel/sp-1").toAbsolutePath().toUri().toString());
    }

    @Test
    void restErrorSummaryKeepsTheRootCause() {
        String trace = "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n"
                + "\tat x.y(Z.java:1)\nCaused by: java.lang.RuntimeException: outer\n"
                + "Caused by: java.lang.IllegalStateException: savepoint does not match\n";
        assertThat(FlinkRestTransport.summary(trace)).isEqualTo(
                "org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application."
                        + " / Caused by: java.lang.IllegalStateException: savepoint does not match");
    }
}
