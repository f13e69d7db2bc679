package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option of {@code ./snapmap chaos}: one line naming it, exit 2, before any system is touched. */
class ChaosMainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"--bogus|'--bogus'", "--clients x|'x'", "--faults nope|'nope'"})
    void aBadOptionIsOneLineNamingItAndTheVerbsHelp(String option, String named) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = ("--root /nonexistent --home /nonexistent " + option).split(" ");

        int code = ChaosMain.commandLine(new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).doesNotContain("\n").startsWith("snapmap: ").contains(named)
                .endsWith("(try ./snapmap chaos --help)");
    }
}
