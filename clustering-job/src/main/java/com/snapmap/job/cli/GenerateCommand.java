package com.snapmap.job.cli;

import com.snapmap.core.Photo;
import com.snapmap.core.gen.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/** {@code snapmap generate}: a synthetic city stream of upload events, one JSON per line. */
final class GenerateCommand {

    static final Set<String> FLAGS = Set.of("photos", "seed", "output", "event-share", "shuffle-s");

    private final PrintStream err;

    GenerateCommand(PrintStream err) {
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        CliArgs args = new CliArgs("generate", argv, FLAGS);
        long n = args.getLong("photos", 100_000);
        if (n < 1 || n > 50_000_000) {
            throw new CliArgs.UsageException("--photos must be in 1..50000000, got " + n);
        }
        double share = args.getDouble("event-share", 0.6);
        if (share < 0 || share > 1) {
            throw new CliArgs.UsageException("--event-share must be in [0, 1], got " + share);
        }
        List<Photo> photos = CityStreamGenerator.lyon().generate(args.getLong("seed", 1), (int) n, share, "p");
        long shuffle = args.getLong("shuffle-s", 0);
        if (shuffle > 0) {
            photos = CityStreamGenerator.shuffleWithin(photos, shuffle * 1000, args.getLong("seed", 1));
        }
        UploadEventCodec codec = new UploadEventCodec();
        try (BufferedWriter w = Files.newBufferedWriter(Paths.get(args.required("output")), StandardCharsets.UTF_8)) {
            for (Photo p : photos) {
                w.write(codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
                w.newLine();
            }
        }
        err.printf("wrote %d upload events to %s%n", photos.size(), args.required("output"));
        return 0;
    }
}
