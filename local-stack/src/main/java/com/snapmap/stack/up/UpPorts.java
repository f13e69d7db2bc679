package com.snapmap.stack.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The ports of one {@code up}: the usual ones, or free ones (tests, CI, a busy machine). */
public record UpPorts(int gateway, int kafka, int kafkaController, int mongo, int azurite, int flinkRest, int flinkRpc) {

    /** Free ports are chosen from here up (below: well-known and commonly configured ones). */
    private static final int LOWEST = 20000;
    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    public static UpPorts usual() {
        return new UpPorts(8080, 9092, 9093, 27017, 10000, 8081, 6123);
    }

    /**
     * Free loopback ports, outside the kernel's ephemeral range, so that no outgoing connection can
     * take one between this choice and the service binding it (seconds later); all held open at
     * once while chosen, so no two are the same.
     */
    public static UpPorts free() {
        int[] p = freePorts(7);
        return new UpPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
    }

    /** This record with the port for {@code use} (a {@link #byUse()} key) replaced by a fresh free one. */
    public UpPorts withFresh(String use) {
        Map<String, Integer> m = byUse();
        int fresh;
        do {
            fresh = freePorts(1)[0];
        } while (m.containsValue(fresh));
        m.put(use, fresh);
        int[] n = m.values().stream().mapToInt(Integer::intValue).toArray();
        return new UpPorts(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
    }

    /** The kernel's ephemeral (outgoing) port range, {@code [first, last]}; Linux's default if unreadable. */
    static int[] ephemeralRange() {
        // Read as a stream: Files.readString trusts the size /proc reports, which may be too small.
        try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            String[] r = in.readLine().trim().split("\\s+");
            return new int[] {Integer.parseInt(r[0]), Integer.parseInt(r[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32768, 60999};
        }
    }

    /** {@code n} distinct bindable ports below the ephemeral range (above it when too little is below). */
    private static int[] freePorts(int n) {
        int[] range = ephemeralRange();
        int lo = range[0] - LOWEST >= 1000 ? LOWEST : range[1] + 1;
        int hi = range[0] - LOWEST >= 1000 ? range[0] - 1 : 65535;
        if (hi - lo < 100) {
            throw new IllegalStateException("no port range outside the kernel's ephemeral ports " + range[0] + "-" + range[1]);
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] p = new int[n];
            for (int i = 0, tries = 0; i < n; tries++) {
                if (tries > 1000) {
                    throw new IllegalStateException("no free port in " + lo + "-" + hi);
                }
                int candidate = ThreadLocalRandom.current().nextInt(lo, hi + 1);
                try {
                    held.add(new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress()));
                    p[i++] = candidate;
                } catch (IOException taken) {
                    // in use: try another
                }
            }
            return p;
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
