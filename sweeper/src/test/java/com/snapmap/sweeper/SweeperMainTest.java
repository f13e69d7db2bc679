package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: generated help, errors that name the flag, the defaults. */
class SweeperMainTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter picocliErr = new StringWriter();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cl = SweeperMain.commandLine(new PrintStream(err, true, StandardCharsets.UTF_8));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(picocliErr));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), picocliErr + err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("--mongo.uri", "--grace-s", "default: 600", "--batch-size", "default: 500", "--max-rate");
    }

    @Test
    void aMissingOrBadFlagIsNamed() {
        assertThat(run("--kafka.bootstrap-servers", "k:9092")[2]).contains("--mongo.uri");
        String[] bad = run("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092", "--grace-s", "soon");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("--grace-s").contains("soon");
        String[] zero = run("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092", "--max-rate", "0");
        assertThat(zero[0]).isEqualTo("2");
        assertThat(zero[2]).contains("--max-rate must be > 0");
    }

    @Test
    void aBadOptionIsOneLineNamingItAndTheVerbsHelp() {
        String[] r = run("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092", "--bogus");

        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEmpty();
        assertThat(r[2].strip()).isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap sweep --help)");
    }

    @Test
    void theDefaultsAreTheServicesDefaults() {
        SweeperMain m = new SweeperMain();
        new CommandLine(m).parseArgs("--mongo.uri", "mongodb://x", "--kafka.bootstrap-servers", "k:9092");
        assertThat(m.config()).isEqualTo(SweeperConfig.defaults("snapmap"));
        assertThat(m.config().grace()).isEqualTo(Duration.ofMinutes(10));
    }
}
