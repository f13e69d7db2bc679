package com.snapmap.sweeper;

import com.snapmap.core.cluster.LinkRule;
import java.time.Duration;

/**
 * @param grace how long after upload a photo may lack an eventId before the sweeper looks at it
 * @param horizon the streaming job's W + allowed lateness: a photo taken more recently than this is
 *     re-driven through Kafka, an older one is clustered here against closed events
 */
public record SweeperConfig(String database, String uploadsTopic, Duration grace, Duration horizon, LinkRule rule) {

    public SweeperConfig {
        if (grace.isNegative() || horizon.isNegative()) {
            throw new IllegalArgumentException("grace and horizon must be >= 0");
        }
    }

    public static SweeperConfig defaults(String database) {
        return new SweeperConfig(database, "photo-uploads", Duration.ofMinutes(10), Duration.ofMinutes(65), LinkRule.defaults());
    }
}
