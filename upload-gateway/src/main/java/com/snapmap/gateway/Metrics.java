package com.snapmap.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The gateway's meters on Micrometer's Prometheus registry: requests per method, route and status
 * with their latency as a histogram (buckets, so p50/p95/p99 can be read across instances) and as
 * those three percentiles computed here; backend failures by kind; image bytes accepted; photos
 * erased.
 * Thread-safe.
 */
public final class Metrics {

    /** The Prometheus text format version {@link #render()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter uploadedBytes = Counter.builder("gateway.uploaded.bytes")
            .description("Image bytes accepted").baseUnit("bytes").register(registry);
    private final Counter erased = Counter.builder("gateway.erased.photos")
            .description("Photos whose erasure the gateway finished (repeats included)").register(registry);

    public void request(String method, String route, int status, long nanos) {
        String[] tags = {"method", method, "route", route, "status", Integer.toString(status)};
        Duration took = Duration.ofNanos(nanos);
        // Prometheus exposes a meter either as a histogram or as a summary: the histogram's buckets
        // aggregate across instances (histogram_quantile), the summary gives this instance's
        // p50/p95/p99 directly.
        Timer.builder("gateway.http.requests")
                .description("HTTP requests by method, route and status; latency buckets")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(took);
        Timer.builder("gateway.http.latency")
                .description("HTTP request latency by method, route and status: p50, p95, p99 of this instance")
                .tags(tags)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry)
                .record(took);
    }

    public void failure(String kind) {
        failuresCounter(kind).increment();
    }

    public void uploaded(long bytes) {
        uploadedBytes.increment(bytes);
    }

    public void erased() {
        erased.increment();
    }

    public long failures(String kind) {
        return (long) failuresCounter(kind).count();
    }

    private Counter failuresCounter(String kind) {
        return Counter.builder("gateway.failures").description("Backend failures by kind (blob, mongo, kafka, internal)")
                .tag("kind", kind).register(registry);
    }

    public String render() {
        return registry.scrape();
    }
}
