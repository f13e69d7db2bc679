package com.snapmap.sweeper;

import com.snapmap.contract.Defaults;
import com.snapmap.contract.RedriveHorizon;
import com.snapmap.contract.Topics;
import com.snapmap.core.cluster.LinkRule;
import java.time.Duration;

/**
 * @param grace how long after upload a photo may lack an eventId before the sweeper looks at it
 * @param horizon how far back the streaming job still accepts a photo ({@link RedriveHorizon}: its
 *     allowed lateness minus its out-of-orderness and a margin). A photo taken more recently is
 *     re-driven through Kafka; an older one is clustered here against closed events. A re-drive
 *     the job finds too late simply stays an orphan for a later sweep.
 */
public record SweeperConfig(String database, String uploadsTopic, Duration grace, Duration horizon, LinkRule rule) {

    public SweeperConfig {
        if (grace.isNegative() || horizon.isNegative()) {
            throw new IllegalArgumentException("grace and horizon must be >= 0");
        }
    }

    public static SweeperConfig defaults(String database) {
        return new SweeperConfig(database, Topics.UPLOADS, Duration.ofSeconds(Defaults.SWEEPER_GRACE_S),
                RedriveHorizon.defaults(), LinkRule.defaults());
    }
}
