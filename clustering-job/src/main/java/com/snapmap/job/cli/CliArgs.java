package com.snapmap.job.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} flags of one verb, checked against the flags the verb knows. */
final class CliArgs {

    private final String verb;
    private final Map<String, String> values = new HashMap<>();

    CliArgs(String verb, List<String> args, Set<String> known) {
        this.verb = verb;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || !known.contains(a.substring(2))) {
                throw new UsageException("unknown flag '" + a + "' for '" + verb + "' (known: --" + String.join(", --", known) + ")");
            }
            if (i + 1 >= args.size()) {
                throw new UsageException("flag " + a + " needs a value");
            }
            values.put(a.substring(2), args.get(++i));
        }
    }

    String get(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("'" + verb + "' needs --" + name);
        }
        return v;
    }

    long getLong(String name, long dflt) {
        String v = values.get(name);
        try {
            return v == null ? dflt : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + v + "'");
        }
    }

    double getDouble(String name, double dflt) {
        String v = values.get(name);
        try {
            return v == null ? dflt : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    /** A mistake on the command line: printed as one line, exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
