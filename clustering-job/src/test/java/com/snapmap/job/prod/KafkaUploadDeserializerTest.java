package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.contract.PhotoErasure;
import com.snapmap.job.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaUploadDeserializerTest {

    private static final byte[] P7 = "p7".getBytes(StandardCharsets.UTF_8);

    private static List<SourceRecord> read(ConsumerRecord<byte[], byte[]> record) throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        new KafkaUploadDeserializer(0).deserialize(record, new ListCollector<>(out));
        return out;
    }

    private static ConsumerRecord<byte[], byte[]> tombstone(byte[] key, Map<String, byte[]> headers) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach(h::add);
        return new ConsumerRecord<>("photo-uploads", 3, 41L, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key, null, h, Optional.empty());
    }

    @Test
    void anEmptyValueIsABadRecordNamingItsOffset() throws Exception {
        List<SourceRecord> out = read(new ConsumerRecord<>("photo-uploads", 3, 41L, null, new byte[0]));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).event).isNull();
        assertThat(out.get(0).bad.value).isEmpty();
        assertThat(out.get(0).bad.message()).isEqualTo("empty record");
        assertThat(out.get(0).bad.origin()).isEqualTo("photo-uploads/3@41");
    }

    @Test
    void aTombstoneWithItsHeadersIsThePhotosErasure() throws Exception {
        PhotoErasure erasure = new PhotoErasure("p7", 1_700_000_000_000L, 45.76, 4.83, 1_700_000_999_000L);

        List<SourceRecord> out = read(tombstone(P7, erasure.headers()));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).bad).isNull();
        assertThat(out.get(0).event).isNull();
        assertThat(out.get(0).erasure.toContract()).isEqualTo(erasure);
    }

    @Test
    void aTombstoneWithoutTheErasureHeadersGoesToTheDlqNamingTheMissingHeader() throws Exception {
        List<SourceRecord> out = read(tombstone(P7, Map.of()));

        assertThat(out.get(0).erasure).isNull();
        assertThat(out.get(0).bad.key).isEqualTo(P7);
        assertThat(out.get(0).bad.value).isNull();
        assertThat(out.get(0).bad.message()).contains(PhotoErasure.TAKEN_AT);
        assertThat(out.get(0).bad.origin()).isEqualTo("photo-uploads/3@41");
    }

    @Test
    void aTombstoneWithAHeaderThatIsNotANumberGoesToTheDlqNamingIt() throws Exception {
        Map<String, byte[]> headers = new LinkedHashMap<>(new PhotoErasure("p7", 1L, 1, 2, 3L).headers());
        headers.put(PhotoErasure.LAT, "north".getBytes(StandardCharsets.UTF_8));

        List<SourceRecord> out = read(tombstone(P7, headers));

        assertThat(out.get(0).erasure).isNull();
        assertThat(out.get(0).bad.message()).contains(PhotoErasure.LAT).contains("'north'");
    }

    @Test
    void aTombstoneWithoutAKeyGoesToTheDlq() throws Exception {
        List<SourceRecord> out = read(tombstone(null, new PhotoErasure("p7", 1L, 1, 2, 3L).headers()));

        assertThat(out.get(0).erasure).isNull();
        assertThat(out.get(0).bad.message()).isEqualTo("a tombstone without a key erases no photo");
    }

    @Test
    void aBadRecordKeepsItsKafkaKey() throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        new KafkaUploadDeserializer(0).deserialize(new ConsumerRecord<>("photo-uploads", 0, 1L,
                "p7".getBytes(java.nio.charset.StandardCharsets.UTF_8), "{".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new ListCollector<>(out));

        assertThat(out.get(0).bad.key).isEqualTo("p7".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
