package com.snapmap.job.prod;

import com.snapmap.job.ClusteringConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Settings of the production job: the {@link JobOptions} (one definition each: key, type, default,
 * meaning), read from {@code --key value} flags parsed by picocli and optionally a
 * {@code --config file.properties} whose keys the flags override. A bad, missing or unknown
 * setting fails at start with a message naming the key.
 */
public final class JobSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> values;

    private JobSettings(Map<String, String> values) {
        this.values = values;
    }

    /** The command line: one flag per option, {@code --config FILE}, generated help. */
    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("snapmap-clustering").mixinStandardHelpOptions(true);
        spec.usageMessage().description("The SnapMap clustering job: Kafka photo-uploads in, MongoDB and Kafka event-updates out.");
        spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(String.class)
                .description("a properties file of settings; flags override it").build());
        HtmlFormatter text = new HtmlFormatter();
        for (ConfigOption<?> o : JobOptions.ALL) {
            spec.addOption(OptionSpec.builder("--" + o.key()).paramLabel("VALUE").type(String.class)
                    .description(text.format(o.description()).replace("&#39;", "'")
                            + (o.hasDefaultValue() ? " (default: " + o.defaultValue() + ")" : ""))
                    .build());
        }
        return spec;
    }

    /** Parses {@code --key value} flags, {@code --config FILE} first if given. */
    public static JobSettings fromArgs(String[] args) {
        ParseResult parsed;
        try {
            parsed = new CommandLine(spec()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (parsed.hasMatchedOption("--config")) {
            merged.putAll(readProperties(Path.of(parsed.<String>matchedOptionValue("--config", null))));
        }
        for (ConfigOption<?> o : JobOptions.ALL) {
            if (parsed.hasMatchedOption("--" + o.key())) {
                merged.put(o.key(), parsed.matchedOptionValue("--" + o.key(), null));
            }
        }
        return of(merged);
    }

    public static JobSettings of(Map<String, String> given) {
        Map<String, ConfigOption<?>> known = new LinkedHashMap<>();
        JobOptions.ALL.forEach(o -> known.put(o.key(), o));
        for (String k : given.keySet()) {
            if (!known.containsKey(k)) {
                throw new IllegalArgumentException("unknown setting '" + k + "' (known: " + String.join(", ", known.keySet()) + ")");
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        Configuration typed = new Configuration();
        known.forEach((k, o) -> {
            String v = given.containsKey(k) ? given.get(k) : o.hasDefaultValue() ? String.valueOf(o.defaultValue()) : null;
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("missing setting '" + k + "': " + new HtmlFormatter().format(o.description()));
            }
            values.put(k, v.trim());
            typed.setString(k, v.trim());
            typed.get(o); // Flink's parser names the key: "Could not parse value 'five' for key 'clustering.window-s'"
        });
        JobSettings s = new JobSettings(values);
        s.validate();
        return s;
    }

    /** The settings as a Flink configuration, typed by {@link JobOptions}. */
    public Configuration configuration() {
        Configuration c = new Configuration();
        values.forEach(c::setString);
        return c;
    }

    private void validate() {
        String offsets = get("kafka.starting-offsets");
        if (!offsets.equals("committed") && !offsets.equals("earliest") && !offsets.equals("latest")) {
            throw new IllegalArgumentException("setting 'kafka.starting-offsets' must be committed, earliest or latest, got '" + offsets + "'");
        }
        if (!get("mongo.uri").startsWith("mongodb://") && !get("mongo.uri").startsWith("mongodb+srv://")) {
            throw new IllegalArgumentException("setting 'mongo.uri' must start with mongodb:// or mongodb+srv://");
        }
        positive("mongo.batch-size");
        positive("checkpoint.interval-ms");
        positive("kafka.transaction-timeout-ms");
        if (longValue("mongo.event-rewrite-interval-ms") < 0) {
            throw new IllegalArgumentException("setting 'mongo.event-rewrite-interval-ms' must be >= 0, got "
                    + get("mongo.event-rewrite-interval-ms"));
        }
        long attempts = longValue("restart.attempts");
        if (attempts < 0 || attempts > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("setting 'restart.attempts' must be between 0 and " + Integer.MAX_VALUE + ", got " + attempts);
        }
        if (positive("restart.initial-backoff-ms") > positive("restart.max-backoff-ms")) {
            throw new IllegalArgumentException("setting 'restart.initial-backoff-ms' must not exceed 'restart.max-backoff-ms' ("
                    + get("restart.max-backoff-ms") + "), got " + get("restart.initial-backoff-ms"));
        }
        positive("restart.reset-after-ms");
        clustering(); // validates the clustering keys
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return v;
    }

    public long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, got '" + get(key) + "'");
        }
    }

    private long positive(String key) {
        long v = longValue(key);
        if (v <= 0) {
            throw new IllegalArgumentException("setting '" + key + "' must be > 0, got " + v);
        }
        return v;
    }

    /** {@code events.place-lookup}: whether event documents name their place (parsed as a boolean when read in). */
    public boolean placeLookup() {
        return Boolean.parseBoolean(get("events.place-lookup"));
    }

    public ClusteringConfig clustering() {
        double radius;
        try {
            radius = Double.parseDouble(get("clustering.radius-m"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting 'clustering.radius-m' must be a number, got '" + get("clustering.radius-m") + "'");
        }
        try {
            return ClusteringConfig.builder()
                    .radiusMeters(radius)
                    .window(Duration.ofSeconds(longValue("clustering.window-s")))
                    .allowedLateness(Duration.ofSeconds(longValue("clustering.lateness-s")))
                    .outOfOrderness(Duration.ofSeconds(longValue("clustering.out-of-orderness-s")))
                    .idleness(Duration.ofSeconds(longValue("clustering.idleness-s")))
                    .cellPrecision((int) longValue("clustering.cell-precision"))
                    .maxParallelism((int) longValue("clustering.max-parallelism"))
                    .maxFutureSkew(Duration.ofSeconds(longValue("clustering.max-future-skew-s")))
                    .placeLookup(placeLookup())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting clustering." + e.getMessage(), e);
        }
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    /** The settings as documentation: every flag, its default and meaning (picocli's usage). */
    public static String describe() {
        return new CommandLine(spec()).getUsageMessage();
    }
}
