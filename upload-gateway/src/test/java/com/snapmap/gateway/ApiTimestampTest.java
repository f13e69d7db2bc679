package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTimestampTest {

    @ParameterizedTest
    @ValueSource(strings = {"0000-01-01T00:00:00Z", "2024-05-01T14:00:00+02:00", "9999-12-31T23:59:59.999Z"})
    void yearsZeroToNineThousandNineHundredNinetyNineAreRead(String s) {
        assertThat(ApiTimestamp.parse(s, "from")).isBetween(ApiTimestamp.EARLIEST, ApiTimestamp.LATEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "+292278995-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
        "-0001-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00", "yesterday", " "})
    void othersAre400NamingTheField(String s) {
        assertThatThrownBy(() -> ApiTimestamp.parse(s, "to")).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("to");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T12:00:00Z"})
    void theOffsetIsApplied(String s) {
        assertThat(ApiTimestamp.parse(s, "takenAt")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }
}
