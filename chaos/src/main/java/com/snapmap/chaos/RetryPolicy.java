package com.snapmap.chaos;

import java.time.Duration;
import java.util.Optional;

/**
 * How a client retries one upload: on a broken connection, a 5xx (503 included), 429, or 409 (the
 * same Idempotency-Key still in flight, or held by a gateway that died with it), after an
 * exponential backoff with jitter, honouring {@code Retry-After} up to the cap; every other status
 * is final. It gives up once the next attempt would start after {@code giveUpAfter}.
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter) {

    public RetryPolicy {
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("first backoff must be > 0, got " + firstBackoff);
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("max backoff " + maxBackoff + " is below the first backoff " + firstBackoff);
        }
        if (giveUpAfter.compareTo(maxBackoff) < 0) {
            throw new IllegalArgumentException("give-up time " + giveUpAfter + " is below the max backoff " + maxBackoff);
        }
    }

    /** What the clients of ./snapmap chaos use: 0.2 s doubling to 5 s, giving up after 3 minutes. */
    public static RetryPolicy standard() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(3));
    }

    /** A status the upload is retried on. */
    public static boolean retryable(int status) {
        return status >= 500 || status == 429 || status == 409;
    }

    /** An acknowledgement: the photo is stored. */
    public static boolean acknowledged(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * The wait before attempt {@code failedAttempts + 1}: the server's {@code Retry-After} when it
     * sent one, else {@code first * 2^(failedAttempts-1)}; at most the cap; then scaled by
     * {@code 0.5 + jitter/2} so clients do not retry in step.
     *
     * @param jitter a uniform draw from [0, 1)
     */
    public Duration backoff(int failedAttempts, Optional<Duration> retryAfter, double jitter) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("backoff is for a failed attempt, got attempt count " + failedAttempts);
        }
        long ms = retryAfter.map(Duration::toMillis)
                .orElseGet(() -> firstBackoff.toMillis() << Math.min(failedAttempts - 1, 30));
        ms = Math.min(ms, maxBackoff.toMillis());
        return Duration.ofMillis((long) (ms * (0.5 + jitter / 2)));
    }

    /** Whether to give up rather than wait {@code next} more, {@code elapsed} after the first attempt. */
    public boolean givesUp(Duration elapsed, Duration next) {
        return elapsed.plus(next).compareTo(giveUpAfter) > 0;
    }
}
