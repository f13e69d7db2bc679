package com.snapmap.stack.up;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the supervisor last wrote to {@code .snapmap/up/state.properties}: the phase, each
 * service's pid, status and restarts, the job, the addresses. Written whole and moved into place,
 * so {@code status} and {@code down} never read half a file.
 */
public final class UpState {

    /** Every process up starts, in the order down stops them (the job is stopped after the gateway). */
    public static final List<String> SERVICES = List.of("gateway", "sweeper", "taskmanager", "jobmanager", "kafka", "mongo", "azurite");

    private final Properties p;

    public UpState() {
        this(new Properties());
    }

    private UpState(Properties p) {
        this.p = p;
    }

    public static Optional<UpState> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return Optional.of(new UpState(p));
    }

    public void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "snapmap up: written by the supervisor");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public String get(String key) {
        return p.getProperty(key);
    }

    public String get(String key, String dflt) {
        return p.getProperty(key, dflt);
    }

    public UpState set(String key, Object value) {
        if (value == null) {
            p.remove(key);
        } else {
            p.setProperty(key, value.toString());
        }
        return this;
    }

    public long pid(String service) {
        return Long.parseLong(p.getProperty("service." + service + ".pid", "-1"));
    }

    public String phase() {
        return p.getProperty("phase", "down");
    }
}
