package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @TempDir
    Path tmp;

    @Test
    void jsonHasEveryStableKeyWithNullForWhatWasNotMeasured() throws Exception {
        Report r = new Report();
        r.put("graph_heap_pps", 51_234.5);
        r.put("naive_pps", Double.NaN);
        r.put("ours_exact", true);
        r.context("plan", "quick");
        JsonNode json = new ObjectMapper().readTree(r.json());
        Report.KEYS.forEach(k -> assertThat(json.has(k)).as(k).isTrue());
        assertThat(json.get("graph_heap_pps").asDouble()).isEqualTo(51_234.5);
        assertThat(json.get("naive_pps").isNull()).isTrue();
        assertThat(json.get("ours_exact").asBoolean()).isTrue();
        assertThat(json.get("context").get("plan").asText()).isEqualTo("quick");
    }

    @Test
    void markdownTableHasOneLinePerRow() {
        Report r = new Report();
        r.row("graph", 51_234.5, "photos/s", "≥ 50 000", "heap, p=2");
        r.row("gateway p99", Double.NaN, "ms", "-", "not measured");
        assertThat(r.markdown().lines()).hasSize(4)
                .contains("| graph | 51,235 | photos/s | ≥ 50 000 | heap, p=2 |", "| gateway p99 | n/a | ms | - | not measured |");
    }

    @Test
    void chartIsAPngEvenWithMissingFigures() throws Exception {
        Map<String, Double> pps = new LinkedHashMap<>();
        pps.put("graph", 50_000.0);
        pps.put("naive", 120.0);
        pps.put("not measured", Double.NaN);
        Path png = tmp.resolve("chart.png");
        System.setProperty("java.awt.headless", "true");
        Chart.write(png, pps, "test");
        byte[] head = Files.readAllBytes(png);
        assertThat(head[1]).isEqualTo((byte) 'P');
        assertThat(head[2]).isEqualTo((byte) 'N');
        assertThat(head[3]).isEqualTo((byte) 'G');
    }
}
