package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.BadRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLetterSerializerTest {

    private final DeadLetterSerializer serializer = new DeadLetterSerializer("photo-uploads-dlq");

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return r.headers().lastHeader(name) == null ? null : new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void theRecordKeepsTheOriginalKeyAndSaysWhyAndWhereFrom() {
        BadRecord bad = new BadRecord("p42".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8),
                "takenAt", "missing", "photo-uploads", 3, 41);

        ProducerRecord<byte[], byte[]> r = serializer.serialize(bad, null, null);

        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("p42");
        assertThat(r.value()).isEqualTo("{".getBytes(StandardCharsets.UTF_8));
        assertThat(header(r, DeadLetterSerializer.REASON)).isEqualTo("takenAt: missing");
        assertThat(header(r, DeadLetterSerializer.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(header(r, DeadLetterSerializer.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(header(r, DeadLetterSerializer.VALUE_SIZE)).isEqualTo("1");
        assertThat(header(r, DeadLetterSerializer.VALUE_TRUNCATED)).isEqualTo("false");
        assertThat(header(r, DeadLetterSerializer.KEY_SIZE)).isNull();
    }

    @Test
    void aCutValueNamesItsOriginalSizeAndHash() {
        BadRecord bad = new BadRecord(null, new byte[200_000], null, "too large", "photo-uploads", 0, 1);

        ProducerRecord<byte[], byte[]> r = serializer.serialize(bad, null, null);

        assertThat(r.value()).hasSize(BadRecord.MAX_KEPT_BYTES);
        assertThat(header(r, DeadLetterSerializer.VALUE_SIZE)).isEqualTo("200000");
        assertThat(header(r, DeadLetterSerializer.VALUE_SHA256)).isEqualTo(bad.valueSha256).hasSize(64);
        assertThat(header(r, DeadLetterSerializer.VALUE_TRUNCATED)).isEqualTo("true");
    }

    @Test
    void theLargestPossibleRecordFitsTheProducersRequestSize() {
        byte[] huge = new byte[10 * 1024 * 1024];
        BadRecord bad = new BadRecord(huge, huge, "f".repeat(200), "r".repeat(10_000),
                "t".repeat(249), Integer.MAX_VALUE, Long.MAX_VALUE);

        ProducerRecord<byte[], byte[]> r = serializer.serialize(bad, null, null);

        // The client's own bound, the one it checks against max.request.size.
        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                r.key(), r.value(), r.headers().toArray());
        assertThat(size).isLessThan(DeadLetterSerializer.MAX_REQUEST_BYTES);
    }
}
