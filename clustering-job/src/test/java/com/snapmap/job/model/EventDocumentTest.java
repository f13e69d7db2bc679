package com.snapmap.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.place.Place;
import org.junit.jupiter.api.Test;

/** {@code events.place-lookup} off: the same document, without its place. */
class EventDocumentTest {

    @Test
    void withThePlaceLookUpOffTheDocumentIsTheSameWithoutItsPlace() {
        EventSummary s = new EventSummary();
        s.add("p1", 0, 45.7640, 4.8357); // central Lyon
        EventDocument named = EventDocument.of("e", s, 1, false, 0, true);
        EventDocument unnamed = EventDocument.of("e", s, 1, false, 0, false);
        assertThat(named.place).isEqualTo(new Place("Lyon", "Auvergne-Rhône-Alpes", "FR"));
        assertThat(unnamed.place).isNull();
        unnamed.place = named.place;
        assertThat(unnamed).isEqualTo(named);
    }
}
