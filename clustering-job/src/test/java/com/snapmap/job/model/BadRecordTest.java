package com.snapmap.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BadRecordTest {

    @Test
    void aValueOverSixtyFourKibIsCutThereAndKnownByItsSizeAndHash() throws Exception {
        byte[] value = new byte[3 * 1024 * 1024];
        Arrays.fill(value, (byte) 'z');

        BadRecord bad = new BadRecord("k1".getBytes(), value, null, "too large", "photo-uploads", 0, 7);

        assertThat(bad.value).hasSize(BadRecord.MAX_KEPT_BYTES).isEqualTo(Arrays.copyOf(value, BadRecord.MAX_KEPT_BYTES));
        assertThat(bad.valueSize).isEqualTo(value.length);
        assertThat(bad.valueSha256).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
        assertThat(bad.valueTruncated()).isTrue();
    }

    @Test
    void aValueOfSixtyFourKibIsKeptWhole() {
        byte[] value = new byte[BadRecord.MAX_KEPT_BYTES];

        BadRecord bad = new BadRecord(null, value, null, "r", "t", 0, 0);

        assertThat(bad.value).isSameAs(value);
        assertThat(bad.valueTruncated()).isFalse();
    }

    @Test
    void theKeyIsKeptAndCutLikeTheValue() {
        byte[] hugeKey = new byte[BadRecord.MAX_KEPT_BYTES + 1];

        BadRecord bad = new BadRecord(hugeKey, new byte[0], null, "r", "t", 0, 0);

        assertThat(bad.key).hasSize(BadRecord.MAX_KEPT_BYTES);
        assertThat(bad.keySize).isEqualTo(hugeKey.length);
        assertThat(bad.keyTruncated()).isTrue();
    }

    @Test
    void aReasonIsCutToAThousandCharacters() {
        BadRecord bad = new BadRecord(null, null, null, "x".repeat(5_000), "t", 0, 0);

        assertThat(bad.reason).hasSize(BadRecord.MAX_REASON_CHARS + 1).endsWith("…");
    }
}
