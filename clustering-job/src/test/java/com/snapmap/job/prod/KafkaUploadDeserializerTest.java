package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.job.model.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaUploadDeserializerTest {

    @Test
    void aRecordWithoutValueIsABadRecordNamingItsOffset() throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        new KafkaUploadDeserializer(0).deserialize(new ConsumerRecord<>("photo-uploads", 3, 41L, null, null),
                new ListCollector<>(out));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).event).isNull();
        assertThat(out.get(0).bad.value).isEmpty();
        assertThat(out.get(0).bad.message()).isEqualTo("empty record");
        assertThat(out.get(0).bad.origin()).isEqualTo("photo-uploads/3@41");
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
