package com.snapmap.job.cli;

import com.snapmap.cli.OneLineUsageErrors;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of the {@code ./snapmap} verbs that run the clustering graph locally. */
@Command(name = "snapmap", mixinStandardHelpOptions = true,
        subcommands = {ClusterCommand.class, GenerateCommand.class},
        description = "Runs the SnapMap clustering graph locally (see ./snapmap for the other verbs).")
public final class SnapmapCli implements Runnable {

    private final PrintStream err;

    @Spec
    CommandSpec spec;

    SnapmapCli(PrintStream err) {
        this.err = err;
    }

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        return commandLine(System.out, System.err).execute(argv);
    }

    /**
     * The verbs wired to these streams. A bad flag prints one line naming it and exits 2; a
     * failure prints one line and exits 1.
     */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new SnapmapCli(err), new Factory(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        OneLineUsageErrors.forVerbs(cl, "--help", err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof UsageException) {
                err.println("snapmap: " + ex.getMessage());
                return 2;
            }
            err.println("snapmap: failed: " + ex);
            return 1;
        });
        return cl;
    }

    /** No verb: the usage, as a mistake. */
    @Override
    public void run() {
        spec.commandLine().usage(err);
        throw new UsageException("a verb is required: cluster or generate");
    }

    /** Builds the verbs with the streams they print to. */
    private static final class Factory implements CommandLine.IFactory {
        private final PrintStream out;
        private final PrintStream err;

        Factory(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == ClusterCommand.class) {
                return (K) new ClusterCommand(out, err);
            }
            if (cls == GenerateCommand.class) {
                return (K) new GenerateCommand(err);
            }
            if (cls == SnapmapCli.class) {
                return (K) new SnapmapCli(err);
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
