package com.snapmap.job.cli;

import java.util.Arrays;
import java.util.List;

/** Entry point of the {@code ./snapmap} verbs that run the clustering graph locally. */
public final class SnapmapCli {

    private SnapmapCli() {}

    static final String USAGE = String.join("\n",
            "usage: snapmap <verb> [flags]",
            "  cluster  --input photos.jsonl --output assignments.jsonl [--events events.jsonl] [--parallelism N]",
            "           [--radius-m 50] [--window-s 300] [--lateness-s 3600] [--out-of-orderness-s 60] [--cell-precision 7]",
            "  generate --output photos.jsonl [--photos 100000] [--seed 1] [--event-share 0.6] [--shuffle-s 0]",
            "  bench    [--photos 100000] [--seed 1] [--parallelism 2]   streaming graph vs the offline reference");

    public static void main(String[] argv) {
        System.exit(run(argv));
    }

    static int run(String[] argv) {
        if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help")) {
            System.err.println(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            switch (argv[0]) {
                case "cluster":
                    return new ClusterCommand(System.out, System.err).run(rest);
                case "generate":
                    return new GenerateCommand(System.err).run(rest);
                case "bench":
                    return new BenchCommand(System.out).run(rest);
                default:
                    throw new CliArgs.UsageException("unknown verb '" + argv[0] + "'\n" + USAGE);
            }
        } catch (CliArgs.UsageException e) {
            System.err.println("snapmap: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("snapmap: failed: " + e);
            return 1;
        }
    }
}
