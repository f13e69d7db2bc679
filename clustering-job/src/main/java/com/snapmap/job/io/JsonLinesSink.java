package com.snapmap.job.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each record as a JSON line to {@code dir/prefix-<subtask>.jsonl}, in arrival order per
 * subtask. For the file-replay CLI and tests on a local cluster (the directory must be local).
 */
public class JsonLinesSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String prefix;

    public JsonLinesSink(Path dir, String prefix) {
        this.dir = dir.toString();
        this.prefix = prefix;
    }

    @Override
    @SuppressWarnings("deprecation")
    public SinkWriter<T> createWriter(InitContext context) throws IOException {
        return open(context.getSubtaskId());
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return open(context.getTaskInfo().getIndexOfThisSubtask());
    }

    private SinkWriter<T> open(int subtask) throws IOException {
        Path d = Paths.get(dir);
        Files.createDirectories(d);
        BufferedWriter out = Files.newBufferedWriter(d.resolve(prefix + "-" + subtask + ".jsonl"), StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper();
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException {
                out.write(mapper.writeValueAsString(element));
                out.newLine();
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
