package com.snapmap.stack.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connection settings {@code ./snapmap up} writes to {@code up.env} for the programs that use
 * the running system (demo, chaos, the whole-system test, a shell's {@code source}): one
 * {@code KEY=value} a line, a value in single quotes where the shell needs them. Plain JDK only,
 * so a light program can read it with local-stack's jar alone on its class path.
 */
public final class UpEnv {

    private final Path file;
    private final Map<String, String> values;

    private UpEnv(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /** Reads {@code file}; a missing file or a line that is not {@code KEY=value} fails saying what to do. */
    public static UpEnv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no " + file + ": nothing is up there; run ./snapmap up first");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalStateException(file + " line " + (i + 1) + " is not KEY=value: '" + line
                        + "' (./snapmap up writes this file: run ./snapmap down, then ./snapmap up)");
            }
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return new UpEnv(file, values);
    }

    /** The value of {@code key}; fails naming the file and the key when it has none. */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException(file + " has no " + key
                    + " (an older ./snapmap up wrote it? run ./snapmap down, then ./snapmap up)");
        }
        return v;
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("'") && v.endsWith("'") ? v.substring(1, v.length() - 1) : v;
    }
}
