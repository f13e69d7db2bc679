package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.EventDocument;
import org.junit.jupiter.api.Test;

/** Which of two pending writes of one event id the MongoDB sink keeps in its batch. */
class EventWriteModelsTest {

    private final EventWriteModels models = new EventWriteModels();

    private static EventDocument open(int photos) {
        EventSummary s = new EventSummary();
        for (int i = 0; i < photos; i++) {
            s.add("p" + i, 1_000L * i, 45 + i * 1e-5, 4 + i * 1e-5);
        }
        return EventDocument.of("e", s, photos, false, 1);
    }

    @Test
    void aLaterArrivingOlderDocumentDoesNotReplaceAPendingTombstone() {
        EventDocument tombstone = EventDocument.tombstone("e", "f", 2, 2);
        assertThat(models.supersedes(open(1), tombstone)).isFalse();
    }

    @Test
    void aTombstoneReplacesAPendingDocument() {
        assertThat(models.supersedes(EventDocument.tombstone("e", "f", 2, 2), open(5))).isTrue();
    }

    @Test
    void theHigherVersionStaysWhicheverArrivesFirst() {
        assertThat(models.supersedes(open(4), open(3))).isTrue();
        assertThat(models.supersedes(open(3), open(4))).isFalse();
        assertThat(models.supersedes(open(3), open(3))).isTrue(); // same version: the newer arrival
    }

    @Test
    void aHotEventClosedWithEveryPhotoErasedIsDeletedUnderTheWritesCondition() {
        EventSummary s = new EventSummary();
        s.add("p0", 1_000L, 45, 4);
        EventDocument gone = EventDocument.hot("e", s, 1, true, 1, false);
        assertThat(gone.erased).isTrue();
        assertThat(gone.version).isEqualTo(3); // past the open document of its one erased photo (2)
        assertThat(models.toWrite(gone)).isInstanceOf(com.mongodb.client.model.DeleteOneModel.class);
        assertThat(EventDocument.hot("e", s, 1, false, 1, false).erased).as("open: a document of none").isFalse();
    }
}
