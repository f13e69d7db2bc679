package com.snapmap.stack.up;

import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * A start on a port chosen in advance ({@code --free-ports}) that fails (the service cannot bind,
 * or exits while starting) is tried again on a fresh port, a few times: something else may have
 * taken the port between the choice and the bind.
 */
final class PortRetry {

    static final int ATTEMPTS = 3;

    private PortRetry() {}

    /** Starts on {@code port}, then on fresh ones; returns the port the start succeeded on. */
    static int start(String name, int port, IntSupplier freshPort, IntConsumer startOn, IntConsumer log) {
        RuntimeException last = null;
        for (int attempt = 0; attempt <= ATTEMPTS; attempt++) {
            try {
                startOn.accept(port);
                return port;
            } catch (RuntimeException e) {
                last = e;
                if (attempt < ATTEMPTS) {
                    port = freshPort.getAsInt();
                    log.accept(port);
                }
            }
        }
        throw new IllegalStateException(name + " did not start on " + (ATTEMPTS + 1) + " ports: " + last.getMessage(), last);
    }
}
