package com.snapmap.stack.up;

import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.stack.ProcessInspection;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./snapmap up | down | status}: the whole system on one machine (docs/OPERATE.md, "The whole system, supervised"). {@code up}
 * starts a supervisor process (detached, in its own session) and returns once it reports ready;
 * {@code down} asks it to stop (SIGTERM) and makes sure nothing of this home is left running.
 * Exit codes: 0 done (status: all healthy), 1 failed (status: not up or degraded), 2 bad usage;
 * errors are one line on stderr. Each verb is a class of its own ({@link UpVerb}, {@link DownVerb},
 * {@link StatusVerb}, {@link SuperviseVerb}); this one is the entry point and what they share.
 */
@Command(name = "snapmap", subcommands = {UpVerb.class, DownVerb.class, StatusVerb.class, SuperviseVerb.class},
        mixinStandardHelpOptions = true)
public final class UpCommand {

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new UpCommand());
        OneLineUsageErrors.forVerbs(cl, "--help", System.err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("snapmap: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        });
        System.exit(cl.execute(args));
    }

    /** {@code pid} is alive and is the supervisor of this home (pids are reused). */
    static boolean supervisorAlive(UpLayout layout, long pid) {
        return ProcessInspection.commandLine(pid)
                .filter(cmdline -> cmdline.contains("supervise") && cmdline.contains(layout.home().toString()))
                .isPresent();
    }

    /** Prints what was appended to {@code file} since {@code offset}, indented; returns the new offset. */
    static long echo(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() <= offset) {
                return offset;
            }
            f.seek(offset);
            byte[] b = new byte[(int) (f.length() - offset)];
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            text.substring(0, end).lines().forEach(l -> System.out.println("  " + l));
            return offset + text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        } catch (IOException e) {
            return offset;
        }
    }
}
