package com.snapmap.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file CLI end to end on a local MiniCluster: output files, bad lines, flag errors. */
class ClusterCommandITCase {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The CLI as ./snapmap runs it, printing into this test's buffers; returns the exit status. */
    private int snapmap(String... argv) {
        return SnapmapCli.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(argv);
    }

    @Test
    void clustersAFileReportsBadLinesAndWritesEveryValidPhotoOnce() throws Exception {
        Path input = tmp.resolve("in.jsonl");
        Files.write(input, List.of(
                "{\"photoId\":\"a\",\"takenAt\":\"2024-05-01T12:00:00Z\",\"location\":[4.83,45.76]}",
                "{\"photoId\":\"b\",\"takenAt\":\"2024-05-01T12:01:00Z\",\"location\":[4.8301,45.7601]}",
                "this is not json",
                "{\"photoId\":\"c\",\"takenAt\":\"2024-05-01T12:02:00Z\",\"location\":[4.83,95]}",
                "",
                "{\"photoId\":\"d\",\"takenAt\":\"2024-05-01T15:00:00Z\",\"location\":[4.83,45.76]}",
                "{\"photoId\":\"a\",\"takenAt\":\"2024-05-01T12:00:00Z\",\"location\":[4.83,45.76]}"));
        Path output = tmp.resolve("out.jsonl");
        Path events = tmp.resolve("events.jsonl");
        int rc = snapmap("cluster", "--input", input.toString(), "--output", output.toString(),
                "--events", events.toString(), "--parallelism", "2");
        assertThat(rc).isZero();

        ObjectMapper m = new ObjectMapper();
        List<JsonNode> rows = Files.readAllLines(output).stream().map(l -> read(m, l)).toList();
        assertThat(rows).extracting(r -> r.get("photoId").asText()).containsExactly("a", "b", "d");
        assertThat(rows.get(0).get("eventId")).isEqualTo(rows.get(1).get("eventId"));
        assertThat(rows.get(2).get("eventId")).isNotEqualTo(rows.get(0).get("eventId"));
        List<JsonNode> docs = Files.readAllLines(events).stream().map(l -> read(m, l)).toList();
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).get("photoCount").asLong()).isEqualTo(2);
        assertThat(docs.get(0).get("centroid").get("type").asText()).isEqualTo("Point");

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(stderr).contains("line 3: not valid JSON").contains("line 4: location[1] (latitude)");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("photos: 3").contains("events: 2").contains("bad lines: 2").contains("photos/s");
    }

    @Test
    void rocksDbStateGivesTheSamePartition() throws Exception {
        Path input = tmp.resolve("in.jsonl");
        Files.write(input, List.of(
                "{\"photoId\":\"a\",\"takenAt\":\"2024-05-01T12:00:00Z\",\"location\":[4.83,45.76]}",
                "{\"photoId\":\"b\",\"takenAt\":\"2024-05-01T12:01:00Z\",\"location\":[4.8301,45.7601]}",
                "{\"photoId\":\"d\",\"takenAt\":\"2024-05-01T15:00:00Z\",\"location\":[4.83,45.76]}"));
        Path output = tmp.resolve("out.jsonl");
        assertThat(snapmap("cluster", "--input", input.toString(), "--output", output.toString(), "--parallelism", "2",
                "--state", "rocksdb")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("rocksdb state");
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> rows = Files.readAllLines(output).stream().map(l -> read(m, l)).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("eventId")).isEqualTo(rows.get(1).get("eventId"));
    }

    @Test
    void badFlagsAndMissingFilesAreOneLineErrorsNamingTheFlag() {
        assertThat(snapmap("cluster", "--input", tmp.resolve("nope.jsonl").toString(), "--output", "x")).isEqualTo(2);
        assertThat(lastErrorLine()).startsWith("snapmap: ").contains("not found");
        assertThat(snapmap("cluster", "--input", "x", "--output", "y", "--frobnicate", "1")).isEqualTo(2);
        assertThat(lastErrorLine()).contains("'--frobnicate'");
        assertThat(snapmap("cluster", "--input")).isEqualTo(2);
        assertThat(lastErrorLine()).contains("'--input'");
        assertThat(snapmap("cluster", "--input", "x", "--output", "y", "--parallelism", "two")).isEqualTo(2);
        assertThat(lastErrorLine()).contains("--parallelism").contains("two");
        assertThat(snapmap("cluster", "--input", "x", "--output", "y", "--state", "disk")).isEqualTo(2);
        assertThat(lastErrorLine()).contains("--state").contains("heap or rocksdb");
        assertThat(snapmap("cluster", "--radius-m", "-3", "--input", tmp.toString(), "--output", "y")).isEqualTo(2);
        assertThat(snapmap("generate", "--photos", "0", "--output", tmp.resolve("g").toString())).isEqualTo(2);
        assertThat(lastErrorLine()).contains("--photos");
        assertThat(snapmap("explode")).isEqualTo(2);
        assertThat(lastErrorLine()).contains("explode");
    }

    @Test
    void helpIsGeneratedFromTheFlags() {
        assertThat(snapmap("cluster", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--input=FILE").contains("--state=heap|rocksdb")
                .contains("--cell-precision");
    }

    @Test
    void noVerbPrintsTheUsageAndFails() {
        assertThat(snapmap()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: snapmap").contains("cluster").contains("generate");
        assertThat(lastErrorLine()).isEqualTo("snapmap: a verb is required: cluster or generate");
    }

    private String lastErrorLine() {
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static JsonNode read(ObjectMapper m, String line) {
        try {
            return m.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
