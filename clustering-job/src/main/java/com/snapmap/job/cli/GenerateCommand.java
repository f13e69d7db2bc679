package com.snapmap.job.cli;

import com.snapmap.core.Photo;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snapmap generate}: a synthetic city stream of upload events, one JSON per line. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes a synthetic city stream of upload events, one JSON per line.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "where to write the upload events")
    Path output;

    @Option(names = "--photos", description = "1..50000000 (default: ${DEFAULT-VALUE})")
    long photos = 100_000;

    @Option(names = "--seed", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--event-share", description = "share of photos in events, in [0, 1] (default: ${DEFAULT-VALUE})")
    double eventShare = 0.6;

    @Option(names = "--shuffle-s", description = "delay arrivals by up to this many seconds (default: ${DEFAULT-VALUE})")
    long shuffleS = 0;

    private final PrintStream err;

    GenerateCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (photos < 1 || photos > 50_000_000) {
            throw new UsageException("--photos must be in 1..50000000, got " + photos);
        }
        if (eventShare < 0 || eventShare > 1) {
            throw new UsageException("--event-share must be in [0, 1], got " + eventShare);
        }
        List<Photo> stream = CityStreamGenerator.lyon().generate(seed, (int) photos, eventShare, "p");
        if (shuffleS > 0) {
            stream = CityStreamGenerator.shuffleWithin(stream, shuffleS * 1000, seed);
        }
        UploadEventCodec codec = new UploadEventCodec();
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (Photo p : stream) {
                w.write(codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
                w.newLine();
            }
        }
        err.printf("wrote %d upload events to %s%n", stream.size(), output);
        return 0;
    }
}
