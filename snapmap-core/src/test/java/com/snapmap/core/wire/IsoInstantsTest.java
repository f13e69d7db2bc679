package com.snapmap.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    /** The instant, or the exception's type and message. */
    private static String outcome(Function<String, Instant> parse, String s) {
        try {
            return parse.apply(s).toString();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the gateway's form, with 0 to 9 fraction digits, and one digit too many
        "2025-03-04T05:06:07Z", "2025-03-04T05:06:07.1Z", "2025-03-04T05:06:07.12Z", "2025-03-04T05:06:07.123Z",
        "2025-03-04T05:06:07.000123Z", "2025-03-04T05:06:07.123456789Z", "2025-03-04T05:06:07.1234567891Z",
        "0000-01-01T00:00:00Z", "1826-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00Z", "2025-02-29T12:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z",
        "2025-04-31T00:00:00Z", "2025-00-10T00:00:00Z", "2025-13-10T00:00:00Z", "2025-01-00T00:00:00Z",
        // what only Instant.parse reads, or rejects
        "2025-03-04T24:00:00Z", "2015-06-30T23:59:60Z", "2025-03-04T23:60:00Z", "2025-03-04T05:06:07.Z",
        "2025-03-04t05:06:07z", "2025-03-04T05:06:07+01:00", "2025-03-04T05:06:07-00:30", "+12025-03-04T05:06:07Z",
        "-0001-03-04T05:06:07Z", "2025-03-04T05:06Z", "2025-03-04 05:06:07Z", "2025-3-04T05:06:07Z",
        "\uff12025-03-04T05:06:07Z", "2025-03-04T05:06:07.12a4Z", "2025-03-04T05:06:07.123", "yesterday", "",
    })
    void readsWhatInstantParseReadsAndRejectsWhatItRejects(String s) {
        assertThat(outcome(IsoInstants::parse, s)).isEqualTo(outcome(Instant::parse, s));
    }

    @Test
    void everyDayOfFourHundredYears() {
        for (LocalDate d = LocalDate.of(1800, 1, 1); d.getYear() < 2200; d = d.plusDays(1)) {
            String s = d + "T23:59:58.5Z";
            assertThat(IsoInstants.parse(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }
}
