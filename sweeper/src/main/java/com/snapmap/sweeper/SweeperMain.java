package com.snapmap.sweeper;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.Defaults;
import com.snapmap.contract.RedriveHorizon;
import com.snapmap.contract.SnapmapIndexes;
import com.snapmap.contract.Topics;
import com.snapmap.core.cluster.LinkRule;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./snapmap sweep}: runs one sweep and prints what it did. Plain Java rather than a Flink
 * batch job: the work is a scan of the (few) orphans plus indexed look-ups around each, which the
 * MongoDB source connector cannot express (no per-record look-ups) and which needs no parallelism;
 * schedule it with cron or a Kubernetes CronJob.
 */
@Command(name = "snapmap sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Finds photos still without eventId: re-drives recent ones through Kafka, clusters older ones against closed events.")
public final class SweeperMain implements Callable<Integer> {

    @Option(names = "--mongo.uri", required = true, description = "MongoDB connection string")
    String mongoUri;

    @Option(names = "--mongo.database", defaultValue = Defaults.DATABASE, description = "database (default: ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--kafka.bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String kafka;

    @Option(names = "--kafka.topic.uploads", defaultValue = Topics.UPLOADS, description = "upload events topic (default: ${DEFAULT-VALUE})")
    String uploadsTopic;

    @Option(names = "--grace-s", defaultValue = "" + Defaults.SWEEPER_GRACE_S,
            description = "leave photos uploaded less than this ago alone (default: ${DEFAULT-VALUE})")
    long graceS;

    @Option(names = "--lateness-s", defaultValue = "" + Defaults.LATENESS_S,
            description = "the job's clustering.lateness-s (default: ${DEFAULT-VALUE})")
    long latenessS;

    @Option(names = "--out-of-orderness-s", defaultValue = "" + Defaults.OUT_OF_ORDERNESS_S,
            description = "the job's clustering.out-of-orderness-s (default: ${DEFAULT-VALUE})")
    long outOfOrdernessS;

    @Option(names = "--redrive-margin-s", defaultValue = "" + Defaults.REDRIVE_MARGIN_S,
            description = "time a re-driven upload may take to reach the job (default: ${DEFAULT-VALUE})")
    long marginS;

    @Option(names = "--radius-m", defaultValue = "" + Defaults.RADIUS_M, description = "link radius R (default: ${DEFAULT-VALUE})")
    double radiusM;

    @Option(names = "--window-s", defaultValue = "" + Defaults.WINDOW_S, description = "link window W (default: ${DEFAULT-VALUE})")
    long windowS;

    /** The settings, validated; a bad value names its flag. */
    SweeperConfig config() {
        nonNegative("--grace-s", graceS);
        nonNegative("--lateness-s", latenessS);
        nonNegative("--out-of-orderness-s", outOfOrdernessS);
        nonNegative("--redrive-margin-s", marginS);
        nonNegative("--window-s", windowS);
        if (!(radiusM > 0)) {
            throw bad("--radius-m must be > 0, got " + radiusM);
        }
        Duration horizon;
        try {
            horizon = RedriveHorizon.of(Duration.ofSeconds(latenessS), Duration.ofSeconds(outOfOrdernessS), Duration.ofSeconds(marginS));
        } catch (IllegalArgumentException e) {
            throw bad("--lateness-s: " + e.getMessage());
        }
        return new SweeperConfig(database, uploadsTopic, Duration.ofSeconds(graceS), horizon,
                new LinkRule(radiusM, windowS * 1000));
    }

    private void nonNegative(String flag, long v) {
        if (v < 0) {
            throw bad(flag + " must be >= 0, got " + v);
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(new CommandLine(this), message);
    }

    @Override
    public Integer call() throws Exception {
        SweeperConfig config = config();
        try (MongoClient mongo = MongoClients.create(mongoUri);
                KafkaUploadRedriver redriver = new KafkaUploadRedriver(kafka, config.uploadsTopic())) {
            MongoDatabase db = mongo.getDatabase(config.database());
            SnapmapIndexes.ensure(db); // its look-ups need the cell and eventId indexes
            SweepReport r = new Sweeper(db, redriver, config, Clock.systemUTC()).sweepOnce();
            System.out.println("sweep: " + r);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SweeperMain()).execute(args));
    }
}
