package com.snapmap.cli;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every {@code ./snapmap} verb does with a bad option or value: one line on stderr naming it
 * and the verb's help, {@code snapmap: Unknown option: '--bogus' (try ./snapmap sweep --help)}, and
 * exit status 2, before anything is started. Picocli's own handler prints the whole usage after the
 * error, which buries the one line that matters. A verb's program may also throw a
 * {@link ParameterException} from its {@code call()} for a value picocli cannot check (it lands here too).
 */
public final class OneLineUsageErrors implements IParameterExceptionHandler {

    /** Exit status of a bad command line. */
    public static final int BAD_USAGE = 2;

    private final PrintStream err;
    private final String rootVerb;
    private final String rootHelp;

    private OneLineUsageErrors(PrintStream err, String rootVerb, String rootHelp) {
        this.err = err;
        this.rootVerb = rootVerb;
        this.rootHelp = rootHelp;
    }

    /**
     * For a program that is one verb ({@code sweep}, {@code bench}); its subcommands, if any, are
     * the words after it ({@code bench race}). Installs on {@code cl} and the subcommands it has now.
     */
    public static CommandLine forVerb(CommandLine cl, String verb, PrintStream err) {
        return cl.setParameterExceptionHandler(new OneLineUsageErrors(err, verb, verb + " --help"));
    }

    /**
     * For a program whose subcommands are the verbs ({@code up}, {@code down}, {@code status}); a
     * mistake before any verb points at {@code ./snapmap <rootHelp>} (e.g. {@code --help}).
     */
    public static CommandLine forVerbs(CommandLine cl, String rootHelp, PrintStream err) {
        return cl.setParameterExceptionHandler(new OneLineUsageErrors(err, null, rootHelp));
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        String message = String.valueOf(shown(e).getMessage()).strip().replaceAll("\\s*\\R\\s*", " ");
        err.println("snapmap: " + message + " (try ./snapmap " + help(e.getCommandLine()) + ")");
        return BAD_USAGE;
    }

    /**
     * The mistake to name: picocli reports missing required options before an unknown one, but a
     * mistyped option is often why a required one looks missing ({@code --mongo-uri} for {@code --mongo.uri}).
     */
    private static ParameterException shown(ParameterException e) {
        CommandLine failed = e.getCommandLine();
        if (e instanceof UnmatchedArgumentException || failed == null || failed.getUnmatchedArguments().isEmpty()) {
            return e;
        }
        return new UnmatchedArgumentException(failed, failed.getUnmatchedArguments());
    }

    /** The help to try: the words from the root to the command that failed, then --help. */
    private String help(CommandLine failed) {
        Deque<String> words = new ArrayDeque<>();
        for (CommandLine c = failed; c != null && c.getParent() != null; c = c.getParent()) {
            words.addFirst(c.getCommandName());
        }
        if (words.isEmpty()) {
            return rootHelp;
        }
        if (rootVerb != null) {
            words.addFirst(rootVerb);
        }
        return String.join(" ", words) + " --help";
    }
}
