package com.snapmap.sweeper;

import com.snapmap.contract.Defaults;
import com.snapmap.contract.Topics;
import java.time.Duration;

/**
 * @param grace how long after upload (or after its last re-drive) a photo may lack an eventId
 *     before the sweeper re-drives it
 * @param batchSize orphans leased and sent together
 * @param maxRate at most this many re-drives a second, so a storm of orphans does not flood the job
 * @param claimTimeout how long a lease left unsent holds (a sweep that died between lease and
 *     send); above the re-drive producer's delivery timeout
 */
public record SweeperConfig(String database, String uploadsTopic, Duration grace, int batchSize, double maxRate,
        Duration claimTimeout) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final double DEFAULT_MAX_RATE = 500;
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(30);

    public SweeperConfig {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(maxRate > 0)) {
            throw new IllegalArgumentException("max rate must be > 0, got " + maxRate);
        }
        if (claimTimeout.isNegative() || claimTimeout.isZero()) {
            throw new IllegalArgumentException("claim timeout must be > 0, got " + claimTimeout);
        }
    }

    /** The defaults with {@code grace}. */
    public static SweeperConfig of(String database, Duration grace) {
        return new SweeperConfig(database, Topics.UPLOADS, grace, DEFAULT_BATCH_SIZE, DEFAULT_MAX_RATE, DEFAULT_CLAIM_TIMEOUT);
    }

    public static SweeperConfig defaults(String database) {
        return of(database, Duration.ofSeconds(Defaults.SWEEPER_GRACE_S));
    }
}
