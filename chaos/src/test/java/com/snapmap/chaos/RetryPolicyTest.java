package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(3));

    @Test
    void serverErrorsUnavailableConflictAndTooManyAreRetried() {
        assertThat(RetryPolicy.retryable(500)).isTrue();
        assertThat(RetryPolicy.retryable(503)).isTrue();
        assertThat(RetryPolicy.retryable(409)).isTrue();
        assertThat(RetryPolicy.retryable(429)).isTrue();
    }

    @Test
    void clientErrorsAreFinal() {
        assertThat(RetryPolicy.retryable(400)).isFalse();
        assertThat(RetryPolicy.retryable(422)).isFalse();
        assertThat(RetryPolicy.retryable(401)).isFalse();
    }

    @Test
    void onlyTwoHundredsAcknowledge() {
        assertThat(RetryPolicy.acknowledged(201)).isTrue();
        assertThat(RetryPolicy.acknowledged(200)).isTrue();
        assertThat(RetryPolicy.acknowledged(302)).isFalse();
        assertThat(RetryPolicy.acknowledged(503)).isFalse();
    }

    @Test
    void backoffDoublesFromTheFirst() {
        assertThat(policy.backoff(1, Optional.empty(), 1.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(2, Optional.empty(), 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoff(4, Optional.empty(), 1.0)).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void backoffStopsAtTheCap() {
        assertThat(policy.backoff(40, Optional.empty(), 1.0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterHalvesAtMost() {
        assertThat(policy.backoff(3, Optional.empty(), 0.0)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void retryAfterReplacesTheExponent() {
        assertThat(policy.backoff(1, Optional.of(Duration.ofSeconds(2)), 1.0)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsCapped() {
        assertThat(policy.backoff(1, Optional.of(Duration.ofSeconds(60)), 1.0)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givesUpWhenTheNextAttemptWouldStartTooLate() {
        assertThat(policy.givesUp(Duration.ofSeconds(178), Duration.ofSeconds(3))).isTrue();
        assertThat(policy.givesUp(Duration.ofSeconds(170), Duration.ofSeconds(3))).isFalse();
    }

    @Test
    void aCapBelowTheFirstBackoffIsRefused() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max backoff");
    }
}
