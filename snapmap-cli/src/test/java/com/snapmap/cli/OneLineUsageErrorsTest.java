package com.snapmap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class OneLineUsageErrorsTest {

    @Command(name = "tool", subcommands = Sub.class)
    static final class Tool implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--n")
        int n;
        @Option(names = "--twice")
        boolean twice;

        @Override
        public Integer call() {
            if (twice) {
                throw new ParameterException(spec.commandLine(), "first line\n  second line");
            }
            return 0;
        }
    }

    @Command(name = "sub")
    static final class Sub implements Callable<Integer> {
        @Option(names = "--m")
        int m;
        @Option(names = "--required", required = true)
        String required;

        @Override
        public Integer call() {
            return 0;
        }
    }

    /** What one run printed: exit code, stdout, stderr. */
    private record Run(int exitCode, String out, String err) {}

    private static Run run(BiFunction<CommandLine, PrintStream, CommandLine> install, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter picocliOut = new StringWriter();
        StringWriter picocliErr = new StringWriter();
        CommandLine cl = new CommandLine(new Tool()).setOut(new PrintWriter(picocliOut)).setErr(new PrintWriter(picocliErr));
        int code = install.apply(cl, new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
        return new Run(code, picocliOut.toString(), picocliErr + err.toString(StandardCharsets.UTF_8));
    }

    private static Run verb(String... args) {
        return run((cl, err) -> OneLineUsageErrors.forVerb(cl, "tool", err), args);
    }

    @Test
    void anUnknownOptionIsOneLineNamingItAndTheVerbsHelp() {
        Run run = verb("--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("snapmap: Unknown option: '--bogus' (try ./snapmap tool --help)" + System.lineSeparator());
    }

    @Test
    void aMistypedOptionIsNamedRatherThanTheRequiredOneItLeftMissing() {
        Run run = verb("sub", "--requierd=r");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("snapmap: Unknown option: '--requierd=r'");
    }

    @Test
    void aBadValueNamesTheOptionAndTheValue() {
        Run run = verb("--n", "many");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("'--n'").contains("'many'");
    }

    @Test
    void aSubcommandsMistakePointsAtTheSubcommandsHelp() {
        Run run = verb("sub", "--required", "r", "--bogus");

        assertThat(run.err().strip()).endsWith("(try ./snapmap tool sub --help)");
    }

    @Test
    void aMistakeThrownByTheProgramIsOneLineToo() {
        Run run = verb("--twice");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("snapmap: first line second line (try ./snapmap tool --help)" + System.lineSeparator());
    }

    @Test
    void whenTheSubcommandsAreTheVerbsEachNamesItsOwnHelp() {
        Run run = run((cl, err) -> OneLineUsageErrors.forVerbs(cl, "--help", err), "sub", "--required", "r", "--m", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").endsWith("(try ./snapmap sub --help)");
    }

    @Test
    void whenTheSubcommandsAreTheVerbsAMistakeBeforeAnyPointsAtTheRootHelp() {
        Run run = run((cl, err) -> OneLineUsageErrors.forVerbs(cl, "flink-help", err), "--bogus");

        assertThat(run.err().strip()).doesNotContain("\n").endsWith("(try ./snapmap flink-help)");
    }
}
