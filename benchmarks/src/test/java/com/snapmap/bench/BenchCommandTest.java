package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void aBadJobSettingFailsBeforeAnythingRuns() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.commandLine(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute("--job", "events.place-lookup=maybe");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--job", "events.place-lookup");
    }
}
