package com.snapmap.deploy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.GlobalConfiguration;

/** Flink's own view of configuration keys: flink-conf/config.yaml as Flink reads it, and the options flink-core defines. */
final class FlinkConfKeys {

    /** flink-conf/config.yaml of this repository, flattened by Flink's own loader. */
    static Map<String, String> repositoryConfig() {
        Path dir = Path.of("..", "flink-conf").toAbsolutePath().normalize();
        Configuration c = GlobalConfiguration.loadConfiguration(dir.toString());
        return c.toMap();
    }

    /** Every key of flink-core's options classes: key → deprecated (false for a current key). */
    static Map<String, Boolean> flinkCoreOptions() {
        Map<String, Boolean> keys = new HashMap<>();
        Path jar;
        try {
            jar = Path.of(ConfigOption.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (FileSystem fs = FileSystems.newFileSystem(jar); Stream<Path> files = Files.list(fs.getPath("org/apache/flink/configuration"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Options.class")).forEach(n -> {
                try {
                    addOptions(Class.forName("org.apache.flink.configuration." + n.substring(0, n.length() - 6)), keys);
                } catch (ClassNotFoundException | IllegalAccessException e) {
                    throw new IllegalStateException(n + ": " + e.getMessage(), e);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(jar + ": " + e.getMessage(), e);
        }
        return keys;
    }

    private static void addOptions(Class<?> c, Map<String, Boolean> keys) throws IllegalAccessException {
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
                ConfigOption<?> o = (ConfigOption<?>) f.get(null);
                keys.put(o.key(), false);
                for (FallbackKey k : o.fallbackKeys()) {
                    keys.putIfAbsent(k.getKey(), k.isDeprecated());
                }
            }
        }
    }

    private FlinkConfKeys() {}
}
