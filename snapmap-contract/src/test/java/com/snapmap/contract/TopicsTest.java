package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.testkit.LocalServersMain;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void theLocalServersCreateExactlyTheContractsTopics() {
        assertThat(LocalServersMain.TOPICS).containsExactly(Topics.UPLOADS, Topics.UPLOADS_DLQ, Topics.EVENT_UPDATES);
    }
}
