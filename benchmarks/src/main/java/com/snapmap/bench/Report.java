package com.snapmap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code ./snapmap bench} run measured: the rows of its table, and the figures
 * under the stable JSON keys other tools read (missing ones are null).
 */
public final class Report {

    /** The keys the JSON always has, in this order. */
    public static final List<String> KEYS = List.of("graph_heap_pps", "graph_rocksdb_pps", "floor_pps",
            "floor_rocksdb_pps", "reference_pps", "naive_pps", "e2e_pps", "e2e_latency_p50_ms", "e2e_latency_p99_ms",
            "stadium_pps", "stadium_naive_pps", "naive_ari", "ours_exact", "mongo_writes_per_photo",
            "state_bytes_per_photo", "busiest_subtask_share", "gateway_p99_ms", "bare_put_p99_ms", "e2e_burst_tail_ms",
            "cluster_pps", "cluster_burst_tail_ms");

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final Map<String, Object> context = new LinkedHashMap<>();

    public Report() {
        KEYS.forEach(k -> figures.put(k, null));
    }

    public void row(String figure, double value, String unit, String target, String note) {
        rows.add(new Row(figure, value, unit, target, note));
    }

    /** A figure under a stable key (NaN is stored as null: not measured). */
    public void put(String key, Object value) {
        figures.put(key, value instanceof Double && ((Double) value).isNaN() ? null : value);
    }

    /** What the figures were measured on (sizes, parallelism, machine). */
    public void context(String key, Object value) {
        context.put(key, value);
    }

    public List<Row> rows() {
        return rows;
    }

    public Object figure(String key) {
        return figures.get(key);
    }

    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| figure | value | unit | target (docs/SERVICE-LEVELS.md) | how |\n|---|---:|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ").append(r.figure).append(" | ").append(Row.format(r.value)).append(" | ").append(r.unit)
                    .append(" | ").append(r.target).append(" | ").append(r.note).append(" |\n");
        }
        return b.toString();
    }

    public String json() throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        figures.forEach((k, v) -> root.set(k, m.valueToTree(v)));
        root.set("context", m.valueToTree(context));
        return m.writeValueAsString(root);
    }

    public void write(Path markdown, Path json) throws IOException {
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(markdown, markdown(), StandardCharsets.UTF_8);
        Files.writeString(json, json(), StandardCharsets.UTF_8);
    }
}
