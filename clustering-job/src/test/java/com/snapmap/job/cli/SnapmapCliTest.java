package com.snapmap.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option of {@code ./snapmap cluster} or {@code generate}: one line, before any file is read or graph run. */
class SnapmapCliTest {

    @ParameterizedTest
    @CsvSource({"cluster, --input in.jsonl --output out.jsonl", "generate, --output out.jsonl"})
    void aBadOptionIsOneLineNamingItAndTheVerbsHelp(String verb, String required) {
        List<String> args = new ArrayList<>(List.of(verb));
        args.addAll(List.of(required.split(" ")));
        args.add("--bogus");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SnapmapCli.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args.toArray(String[]::new));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap " + verb + " --help)");
    }
}
