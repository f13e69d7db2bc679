package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /** What one run printed: exit code, stdout, stderr. */
    private record Run(int exitCode, String out, String err) {}

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadJobSettingFailsBeforeAnythingRuns() {
        Run run = bench("--job", "events.place-lookup=maybe");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--job", "events.place-lookup");
    }

    @Test
    void aBadOptionIsOneLineNamingItAndTheVerbsHelp() {
        Run run = bench("--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap bench --help)");
    }

    @Test
    void aBadRaceOptionPointsAtTheRacesHelp() {
        Run run = bench("race", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap bench race --help)");
    }

    @Test
    void aBadRaceValueFoundAfterParsingPointsAtTheRacesHelpToo() {
        Run run = bench("race", "--runs", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("--runs").endsWith("(try ./snapmap bench race --help)");
    }
}
