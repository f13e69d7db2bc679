package com.snapmap.job.io;

import com.snapmap.job.SourceParser;
import com.snapmap.job.model.SourceRecord;
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
 * Reads a JSON-lines file as parsed records ({@link SourceParser}) that remember their line
 * number, so a bad line is reported as {@code file:line}. Not splittable: one reader sees every
 * line in order.
 */
public class NumberedLineFormat extends SimpleStreamFormat<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final String name;
    private final SourceParser parser;

    public NumberedLineFormat(String name, long maxFutureSkewMillis) {
        this.name = name;
        this.parser = new SourceParser(maxFutureSkewMillis);
    }

    @Override
    public StreamFormat.Reader<SourceRecord> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        return new StreamFormat.Reader<>() {
            private long line;

            @Override
            public SourceRecord read() throws IOException {
                String l;
                do {
                    l = in.readLine();
                    line++;
                } while (l != null && l.isBlank());
                return l == null ? null : parser.parse(null, l.getBytes(StandardCharsets.UTF_8), name, -1, line);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
