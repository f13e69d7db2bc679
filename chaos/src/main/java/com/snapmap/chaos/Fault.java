package com.snapmap.chaos;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A process the chaos suite kills with SIGKILL; {@link #service} is its name in up's state file. */
public enum Fault {
    TASKMANAGER("taskmanager", "Flink TaskManager"),
    JOBMANAGER("jobmanager", "Flink JobManager"),
    KAFKA("kafka", "Kafka broker"),
    MONGO("mongo", "MongoDB-wire server"),
    AZURITE("azurite", "Azurite"),
    GATEWAY("gateway", "upload gateway"),
    /** A sweep started for the purpose and killed while it runs: the supervisor does not restart it. */
    SWEEP("sweep", "sweep mid-run");

    public final String service;
    public final String label;

    Fault(String service, String label) {
        this.service = service;
        this.label = label;
    }

    /** A service that up's supervisor restarts (all but a sweep). */
    public boolean supervised() {
        return this != SWEEP;
    }

    public static Fault parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.service.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + name + "'; known: "
                        + Arrays.stream(values()).map(f -> f.service).collect(Collectors.joining(", "))));
    }
}
