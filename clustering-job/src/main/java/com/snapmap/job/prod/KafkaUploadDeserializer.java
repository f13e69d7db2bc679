package com.snapmap.job.prod;

import com.snapmap.job.SourceParser;
import com.snapmap.job.model.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Parses each Kafka record once, where it is read ({@link SourceParser}): the watermark takes its
 * takenAt and the graph its event, with its arrival (the record's timestamp counts: {@code UploadLateness});
 * a bad record goes on too, with its topic/partition/offset, and becomes a DLQ entry in the graph
 * instead of a failed source. A tombstone (null value) is a photo's erasure, read from its key and headers.
 */
public class KafkaUploadDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    private final SourceParser parser;

    public KafkaUploadDeserializer(long maxFutureSkewMillis) {
        this.parser = new SourceParser(maxFutureSkewMillis);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        if (record.value() == null) { // a tombstone: a photo's erasure
            out.collect(parser.parseTombstone(record.key(), name -> lastHeader(record, name), record.topic(),
                    record.partition(), record.offset()));
            return;
        }
        out.collect(parser.parse(record.key(), record.value(), record.topic(), record.partition(), record.offset(), record.timestamp()));
    }

    private static byte[] lastHeader(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
