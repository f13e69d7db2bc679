package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.contract.RedriveHorizon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: generated help, errors that name the flag, the horizon derived from the job's settings. */
class SweeperMainTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SweeperMain());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--mongo.uri", "--lateness-s", "default: 3600", "--out-of-orderness-s", "default: 60");
    }

    @Test
    void aMissingOrBadFlagIsNamed() {
        assertThat(run("--kafka.bootstrap-servers", "k:9092")[2]).contains("--mongo.uri");
        String[] bad = run("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092", "--grace-s", "soon");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("--grace-s").contains("soon");
    }

    @Test
    void theHorizonIsDerivedFromTheJobsLatenessAndOutOfOrderness() {
        SweeperMain m = new SweeperMain();
        new CommandLine(m).parseArgs("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092");
        assertThat(m.config().horizon()).isEqualTo(RedriveHorizon.defaults()).isEqualTo(Duration.ofSeconds(3300));
        new CommandLine(m).parseArgs("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092",
                "--lateness-s", "600", "--out-of-orderness-s", "30", "--redrive-margin-s", "90");
        assertThat(m.config().horizon()).isEqualTo(Duration.ofMinutes(8));
    }
}
