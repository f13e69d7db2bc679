package com.snapmap.stack.up;

import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A service for tests, quick to start: binds the port it is given (exits when it cannot), says so,
 * then serves it until killed, accepting each connection and closing it. Serving, not just holding
 * the port: with a backlog of one, a port nobody accepts on stops answering once a couple of probes
 * fill its accept queue.
 * Its standard input is /dev/null, as for every service up starts, so it cannot wait on that.
 */
final class BindsPort {

    private BindsPort() {}

    public static void main(String[] args) throws Exception {
        try (ServerSocket s = new ServerSocket(Integer.parseInt(args[0]), 1, InetAddress.getLoopbackAddress())) {
            System.out.println("ready on " + args[0]);
            System.out.flush();
            while (true) {
                s.accept().close(); // a readiness probe: it only wanted to connect
            }
        }
    }
}
