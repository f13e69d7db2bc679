package com.snapmap.sweeper;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.snapmap.cli.OneLineUsageErrors;
import com.snapmap.contract.Defaults;
import com.snapmap.contract.SnapmapIndexes;
import com.snapmap.contract.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./snapmap sweep}: runs one sweep and prints what it did. Plain Java rather than a Flink
 * batch job: the work is a scan of the (few) orphans and a Kafka send each, which needs no
 * parallelism; schedule it with cron or a Kubernetes CronJob.
 */
@Command(name = "snapmap sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Finds photos still without eventId past the grace and re-drives each as its upload event through Kafka.")
public final class SweeperMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--mongo.uri", required = true, description = "MongoDB connection string")
    String mongoUri;

    @Option(names = "--mongo.database", defaultValue = Defaults.DATABASE, description = "database (default: ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--kafka.bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String kafka;

    @Option(names = "--kafka.topic.uploads", defaultValue = Topics.UPLOADS, description = "upload events topic (default: ${DEFAULT-VALUE})")
    String uploadsTopic;

    @Option(names = "--grace-s", defaultValue = "" + Defaults.SWEEPER_GRACE_S,
            description = "leave photos uploaded (or re-driven) less than this ago alone (default: ${DEFAULT-VALUE})")
    long graceS;

    @Option(names = "--batch-size", defaultValue = "" + SweeperConfig.DEFAULT_BATCH_SIZE,
            description = "orphans leased and sent together (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--max-rate", defaultValue = "" + SweeperConfig.DEFAULT_MAX_RATE,
            description = "at most this many re-drives a second, so a storm of orphans does not flood the job (default: ${DEFAULT-VALUE})")
    double maxRate;

    /** The settings, validated; a bad value names its flag. */
    SweeperConfig config() {
        nonNegative("--grace-s", graceS);
        if (batchSize < 1) {
            throw bad("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(maxRate > 0)) {
            throw bad("--max-rate must be > 0, got " + maxRate);
        }
        return new SweeperConfig(database, uploadsTopic, Duration.ofSeconds(graceS), batchSize, maxRate,
                SweeperConfig.DEFAULT_CLAIM_TIMEOUT);
    }

    private void nonNegative(String flag, long v) {
        if (v < 0) {
            throw bad(flag + " must be >= 0, got " + v);
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    @Override
    public Integer call() throws Exception {
        SweeperConfig config = config();
        try (MongoClient mongo = MongoClients.create(mongoUri);
                KafkaUploadRedriver redriver = new KafkaUploadRedriver(kafka, config.uploadsTopic())) {
            MongoDatabase db = mongo.getDatabase(config.database());
            SnapmapIndexes.ensure(db); // its scan needs the eventId index
            SweepReport r = new Sweeper(db, redriver, config, Clock.systemUTC()).sweepOnce();
            System.out.println("sweep: " + r);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.err).execute(args));
    }

    /** The sweep's command line; a bad option is one line on {@code err}, exit 2. */
    static CommandLine commandLine(PrintStream err) {
        return OneLineUsageErrors.forVerb(new CommandLine(new SweeperMain()), "sweep", err);
    }
}
