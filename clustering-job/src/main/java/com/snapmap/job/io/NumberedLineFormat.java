package com.snapmap.job.io;

import com.snapmap.job.model.RawRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a JSON-lines file as raw records that remember their line number, so a bad line is
 * reported as {@code file:line}. Not splittable: one reader sees every line in order.
 */
public class NumberedLineFormat extends SimpleStreamFormat<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String name;

    public NumberedLineFormat(String name) {
        this.name = name;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        return new StreamFormat.Reader<>() {
            private long line;

            @Override
            public RawRecord read() throws IOException {
                String l;
                do {
                    l = in.readLine();
                    line++;
                } while (l != null && l.isBlank());
                return l == null ? null : new RawRecord(l.getBytes(StandardCharsets.UTF_8), name, -1, line);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
