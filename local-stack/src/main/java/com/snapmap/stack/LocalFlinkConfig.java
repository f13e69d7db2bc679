package com.snapmap.stack;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.GlobalConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the configuration folder a local session cluster runs with: the production
 * {@code flink-conf/config.yaml} plus local overrides (free loopback ports, state and temp
 * folders under the work dir, at least 4 slots, smaller memory), written back as standard
 * nested YAML with Flink's own writer, next to copies of the log4j files.
 */
public final class LocalFlinkConfig {

    /** Minimum slots: the job runs at parallelism 2 and must be restorable at 4. */
    public static final int MIN_SLOTS = 4;

    static final String JM_MEMORY = "1024m";
    static final String TM_MEMORY = "1536m";

    private LocalFlinkConfig() {}

    /**
     * Loads {@code sourceConfDir/config.yaml}, applies the local overrides and then the
     * caller's {@code extra} overrides (which win), and writes {@code layout.confDir()}.
     *
     * @return the effective configuration
     */
    public static Configuration generate(Path sourceConfDir, WorkDir layout, Map<String, String> extra) {
        Path sourceYaml = sourceConfDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
        if (!Files.isRegularFile(sourceYaml)) {
            throw new IllegalArgumentException("no " + sourceYaml + " (expected the repo's flink-conf/ folder)");
        }
        if (Files.exists(sourceConfDir.resolve(GlobalConfiguration.LEGACY_FLINK_CONF_FILENAME))) {
            throw new IllegalArgumentException(sourceConfDir + " holds a legacy flink-conf.yaml, which would shadow config.yaml");
        }
        Configuration conf = GlobalConfiguration.loadConfiguration(sourceConfDir.toString());
        localOverrides(conf, layout).forEach(conf::setString);
        extra.forEach(conf::setString);
        int slots = Integer.parseInt(conf.getString("taskmanager.numberOfTaskSlots", "1"));
        if (slots < MIN_SLOTS) {
            conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(MIN_SLOTS));
        }
        try {
            layout.createFolders();
            Files.write(layout.confDir().resolve(GlobalConfiguration.FLINK_CONF_FILENAME),
                    ConfigurationUtils.convertConfigToWritableLines(conf, false));
            for (String log4j : List.of("log4j.properties", "log4j-console.properties")) {
                Path src = sourceConfDir.resolve(log4j);
                if (Files.isRegularFile(src)) {
                    Files.copy(src, layout.confDir().resolve(log4j), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + layout.confDir(), e);
        }
        return conf;
    }

    private static Map<String, String> localOverrides(Configuration conf, WorkDir layout) {
        Map<String, String> o = new LinkedHashMap<>();
        // Loopback only, free ports: several clusters (tests, a dev one) can coexist.
        o.put("rest.address", "127.0.0.1");
        o.put("rest.bind-address", "127.0.0.1");
        o.put("rest.port", Integer.toString(freePort()));
        o.put("jobmanager.rpc.address", "localhost");
        o.put("jobmanager.bind-host", "127.0.0.1");
        o.put("jobmanager.rpc.port", Integer.toString(freePort()));
        o.put("taskmanager.host", "127.0.0.1");
        o.put("taskmanager.bind-host", "127.0.0.1");
        o.put("blob.server.port", "0");
        // Everything the cluster writes stays under the work dir.
        o.put("execution.checkpointing.dir", fileUri(layout.checkpointsDir()));
        o.put("execution.checkpointing.savepoint-dir", fileUri(layout.savepointsDir()));
        o.put("state.backend.rocksdb.localdir", layout.root().resolve("rocksdb").toString());
        o.put("io.tmp.dirs", layout.tmpDir().toString());
        o.put("web.tmpdir", layout.tmpDir().resolve("web").toString());
        o.put("web.upload.dir", layout.tmpDir().resolve("web-upload").toString());
        // A laptop / CI box, shared with builds: far below the production sizes.
        o.put("jobmanager.memory.process.size", JM_MEMORY);
        o.put("taskmanager.memory.process.size", TM_MEMORY);
        return o;
    }

    /** {@code file:///abs/path}, without the trailing slash toUri() adds for existing folders. */
    static String fileUri(Path p) {
        return "file://" + p.toAbsolutePath().normalize();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
