package com.snapmap.stack.up;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ports of one {@code up}: the usual ones, or free ones (tests, CI, a busy machine). */
public record UpPorts(int gateway, int kafka, int kafkaController, int mongo, int azurite, int flinkRest, int flinkRpc) {

    public static UpPorts usual() {
        return new UpPorts(8080, 9092, 9093, 27017, 10000, 8081, 6123);
    }

    /** Free loopback ports, all held open at once while chosen so no two are the same. */
    public static UpPorts free() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] p = new int[7];
            for (int i = 0; i < p.length; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                p[i] = s.getLocalPort();
            }
            return new UpPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage());
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            });
        }
    }

    /** Parses {@link #toString()}'s form. */
    public static UpPorts parse(String s) {
        String[] p = s.split(",");
        if (p.length != 7) {
            throw new IllegalArgumentException("ports must be 7 comma-separated numbers, got '" + s + "'");
        }
        int[] n = new int[7];
        for (int i = 0; i < 7; i++) {
            n[i] = Integer.parseInt(p[i].trim());
        }
        return new UpPorts(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    @Override
    public String toString() {
        return gateway + "," + kafka + "," + kafkaController + "," + mongo + "," + azurite + "," + flinkRest + "," + flinkRpc;
    }

    public Map<String, Integer> byUse() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("gateway", gateway);
        m.put("kafka", kafka);
        m.put("kafka controller", kafkaController);
        m.put("mongo", mongo);
        m.put("azurite", azurite);
        m.put("flink rest", flinkRest);
        m.put("flink rpc", flinkRpc);
        return m;
    }

    /** Fails, naming the first port something else holds, before anything starts. */
    public void requireAllFree() {
        byUse().forEach((use, port) -> {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            } catch (IOException e) {
                throw new IllegalStateException("port " + port + " (" + use + ") is in use; free it or run: ./snapmap up --free-ports");
            }
        });
    }
}
