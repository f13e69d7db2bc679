package com.snapmap.stack.up;

import java.net.InetAddress;
import java.net.ServerSocket;

/** A service for tests, quick to start: binds the port it is given (exits when it cannot), says so, then waits to be killed. */
final class BindsPort {

    private BindsPort() {}

    public static void main(String[] args) throws Exception {
        try (ServerSocket s = new ServerSocket(Integer.parseInt(args[0]), 1, InetAddress.getLoopbackAddress())) {
            System.out.println("ready on " + args[0]);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
