package com.snapmap.sweeper;

import picocli.CommandLine;

/** deploy-check's door to the sweeper's settings parser (package-private in the sweeper). */
public final class SweeperSettingsCheck {

    private SweeperSettingsCheck() {}

    /** The settings SweeperMain would run with for these args; throws what it would fail with. */
    public static Parsed parse(String... args) {
        SweeperMain m = new SweeperMain();
        new CommandLine(m).parseArgs(args);
        m.config();
        return new Parsed(m.kafka, m.uploadsTopic, m.database);
    }

    /** The values deploy-check compares with the job's. */
    public record Parsed(String kafkaBootstrap, String uploadsTopic, String database) {}
}
