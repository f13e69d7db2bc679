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

    @Test
    void badCommandLinesExitWithTwoAndOneLine() {
        assertUsageError(run(), "missing verb");
        assertUsageError(run("frobnicate"), "unknown verb 'frobnicate'");
        assertUsageError(run("--bogus", "x", "jobs"), "unknown option --bogus");
        assertUsageError(run("submit"), "--jar JAR is required");
        assertUsageError(run("submit", "--jar"), "--jar needs a value");
        assertUsageError(run("submit", "--jar", "x.jar", "--parallelism", "0"), "positive integer");
        assertUsageError(run("submit", "--jar", "x.jar", "extra"), "job args go after --");
        assertUsageError(run("savepoint", "not-a-job"), "is not a job id");
        assertUsageError(run("stop-job"), "JOBID is required");
        assertUsageError(run("cancel", "0123456789abcdef0123456789abcdef", "more"), "exactly one JOBID");
        assertUsageError(run("flink-start", "--timeout", "abc"), "positive integer");
        assertUsageError(run("flink-status", "x"), "unexpected argument");
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
        assertThat(r.out()).contains("stop-job JOBID");
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
