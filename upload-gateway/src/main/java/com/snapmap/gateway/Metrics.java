package com.snapmap.gateway;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one gateway instance, rendered in the Prometheus text format. Thread-safe. */
public final class Metrics {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyMicros = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> latencyCount = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder uploadedBytes = new LongAdder();

    public void request(String method, String route, int status, long nanos) {
        String labels = "method=\"" + method + "\",route=\"" + escape(route) + "\"";
        add(requests, labels + ",status=\"" + status + "\"", 1);
        add(latencyMicros, labels, nanos / 1_000);
        add(latencyCount, labels, 1);
    }

    public void failure(String kind) {
        add(failures, "kind=\"" + escape(kind) + "\"", 1);
    }

    public void uploaded(long bytes) {
        uploadedBytes.add(bytes);
    }

    public long failures(String kind) {
        LongAdder a = failures.get("kind=\"" + kind + "\"");
        return a == null ? 0 : a.sum();
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        family(sb, "gateway_http_requests_total", "counter", "HTTP requests by method, route and status", requests, 1);
        family(sb, "gateway_http_request_duration_seconds_sum", "counter", "Total request time", latencyMicros, 1e-6);
        family(sb, "gateway_http_request_duration_seconds_count", "counter", "Timed requests", latencyCount, 1);
        family(sb, "gateway_failures_total", "counter", "Backend failures by kind (blob, mongo, kafka, internal)", failures, 1);
        sb.append("# HELP gateway_uploaded_bytes_total Image bytes accepted\n")
                .append("# TYPE gateway_uploaded_bytes_total counter\n")
                .append("gateway_uploaded_bytes_total ").append(uploadedBytes.sum()).append('\n');
        return sb.toString();
    }

    private static void family(StringBuilder sb, String name, String type, String help, Map<String, LongAdder> m, double scale) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        new TreeMap<>(m).forEach((labels, v) -> {
            sb.append(name).append('{').append(labels).append("} ");
            sb.append(scale == 1 ? Long.toString(v.sum()) : Double.toString(v.sum() * scale)).append('\n');
        });
    }

    private static void add(Map<String, LongAdder> m, String key, long n) {
        m.computeIfAbsent(key, k -> new LongAdder()).add(n);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
